// `inhibit_rules` entries: new-style `source_matchers`/`target_matchers` plus the deprecated
// `source_match[_re]`/`target_match[_re]` maps, merged into one matcher list per side.
import { isValidLabelName } from '../labels/label-set.js';
import { Matcher } from '../labels/matcher.js';
import { parseMatchers } from '../labels/parse.js';
import { childPath } from './config-error.js';
import { anchorLegacy } from './route-config.js';
import { Issues, readMap, readStringMap, readStrings } from './reader.js';

/** One inhibition rule. */
export interface InhibitRuleConfig {
  /** Matchers a firing source alert must satisfy. */
  readonly sourceMatchers: readonly Matcher[];
  /** Matchers an alert must satisfy to be muted. */
  readonly targetMatchers: readonly Matcher[];
  /** Labels whose values must be equal on source and target (missing equals empty). */
  readonly equal: readonly string[];
}

const KEYS = ['source_match', 'source_match_re', 'source_matchers', 'target_match', 'target_match_re', 'target_matchers', 'equal'];

function side(m: Record<string, unknown>, prefix: 'source' | 'target', path: string, issues: Issues): Matcher[] {
  const out: Matcher[] = [];
  for (const [name, value] of Object.entries(readStringMap(m[`${prefix}_match`], childPath(path, `${prefix}_match`), issues) ?? {})) {
    if (!isValidLabelName(name)) issues.add(childPath(path, `${prefix}_match`), `invalid label name "${name}"`);
    else out.push(new Matcher('=', name, value));
  }
  for (const [name, value] of Object.entries(readStringMap(m[`${prefix}_match_re`], childPath(path, `${prefix}_match_re`), issues) ?? {})) {
    if (!isValidLabelName(name)) issues.add(childPath(path, `${prefix}_match_re`), `invalid label name "${name}"`);
    else out.push(...(issues.attempt(childPath(childPath(path, `${prefix}_match_re`), name), () => [new Matcher('=~', name, anchorLegacy(value))]) ?? []));
  }
  readStrings(m[`${prefix}_matchers`], childPath(path, `${prefix}_matchers`), issues)?.forEach((line, i) => {
    out.push(...(issues.attempt(childPath(childPath(path, `${prefix}_matchers`), i), () => parseMatchers(line)) ?? []));
  });
  return out;
}

/** Reads one inhibit rule at `path`. */
export function readInhibitRule(v: unknown, path: string, issues: Issues): InhibitRuleConfig | undefined {
  const m = readMap(v, path, KEYS, issues);
  if (!m) return undefined;
  const equal = readStrings(m['equal'], childPath(path, 'equal'), issues) ?? [];
  for (const n of equal) if (!isValidLabelName(n)) issues.add(childPath(path, 'equal'), `invalid label name "${n}"`);
  return { sourceMatchers: side(m, 'source', path, issues), targetMatchers: side(m, 'target', path, issues), equal };
}
