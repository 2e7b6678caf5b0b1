// A strict reader over parsed YAML, in the style of libs/routing's: every accessor checks the type at
// a path and records an issue instead of throwing, so one pass reports every problem in the section.
import { type ConfigIssue, parseDuration } from '@faultline/routing';

/** Collects issues while the rules are read. */
export class Issues {
  readonly list: ConfigIssue[] = [];
  /** Records a problem at `path`. */
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

/** Joins a path and a key or index (`alert_rules[2].threshold`). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Whether `v` is a plain YAML mapping. */
export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A mapping restricted to `known` keys; unknown keys become issues. */
export function readMap(v: unknown, path: string, known: readonly string[], issues: Issues): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) {
    issues.add(path, 'expected a mapping');
    return undefined;
  }
  for (const key of Object.keys(v)) if (!known.includes(key)) issues.add(childPath(path, key), 'unknown key');
  return v;
}

/** An optional string (numbers are accepted, since YAML reads a project id `12` as a number). */
export function readString(v: unknown, path: string, issues: Issues): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  issues.add(path, 'expected a string');
  return undefined;
}

/** An optional non-empty list of strings. */
export function readStrings(v: unknown, path: string, issues: Issues): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    issues.add(path, 'expected a list');
    return undefined;
  }
  if (v.length === 0) issues.add(path, 'must not be empty (omit the key to match everything)');
  return v.flatMap((e, i) => readString(e, childPath(path, i), issues) ?? []);
}

/** An optional string → string mapping. */
export function readStringMap(v: unknown, path: string, issues: Issues): Record<string, string> | undefined {
  const m = readMap(v, path, Object.keys(isMap(v) ? v : {}), issues);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [k, e] of Object.entries(m)) {
    const s = readString(e, childPath(path, k), issues);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** An optional positive Prometheus duration, in milliseconds. */
export function readDuration(v: unknown, path: string, issues: Issues): number | undefined {
  const s = readString(v, path, issues);
  if (s === undefined) return undefined;
  try {
    const ms = parseDuration(s);
    if (ms <= 0) issues.add(path, 'must be greater than 0');
    return ms;
  } catch (e) {
    issues.add(path, (e as Error).message);
    return undefined;
  }
}

/** An optional number, checked to be at least `min` (and an integer when `integer`). */
export function readNumber(v: unknown, path: string, issues: Issues, min: number, integer: boolean): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.add(path, 'expected a number');
    return undefined;
  }
  if (integer && !Number.isInteger(v)) issues.add(path, 'expected an integer');
  if (v < min) issues.add(path, `must be at least ${min}`);
  return v;
}
