// What the rule parser reads beyond libs/routing's shared reader: filter lists must not be
// empty (an empty list would silently match nothing), and windows and intervals must be
// positive (Alertmanager's own durations may be 0s, e.g. group_wait).
import { Issues, readDuration, readStrings } from '@faultline/routing';

/** An optional non-empty list of strings. */
export function readFilterStrings(v: unknown, path: string, issues: Issues): string[] | undefined {
  const list = readStrings(v, path, issues);
  if (list !== undefined && list.length === 0) issues.add(path, 'must not be empty (omit the key to match everything)');
  return list;
}

/** An optional positive duration, in milliseconds. */
export function readPositiveDuration(v: unknown, path: string, issues: Issues): number | undefined {
  const ms = readDuration(v, path, issues);
  if (ms !== undefined && ms <= 0) issues.add(path, 'must be greater than 0');
  return ms;
}
