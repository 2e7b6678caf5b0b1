// The `route:` block as written, before defaults and inheritance are applied (that happens when the
// route tree is built in dispatch/route.ts, exactly where Alertmanager's `NewRoute` does it).
import { parseMatchers } from '../labels/parse.js';
import { Matcher } from '../labels/matcher.js';
import { isValidLabelName } from '../labels/label-set.js';
import { childPath } from './config-error.js';
import { Issues, readBool, readDuration, readList, readMap, readString, readStringMap, readStrings } from './reader.js';

/** One route node as configured; `undefined` timers and group_by mean "inherit from the parent". */
export interface RouteConfig {
  /** Receiver name; inherited when absent. */
  readonly receiver?: string;
  /** Labels to group by; undefined inherits (so does `[]`, as in Alertmanager). */
  readonly groupBy?: readonly string[];
  /** `group_by: ['...']`: one group per distinct label set. */
  readonly groupByAll: boolean;
  /** `match`, `match_re` and `matchers` together, unsorted. */
  readonly matchers: readonly Matcher[];
  /** Keep evaluating siblings after this route matched. */
  readonly continue: boolean;
  /** Milliseconds, or undefined to inherit. */
  readonly groupWait?: number;
  /** Milliseconds, or undefined to inherit. */
  readonly groupInterval?: number;
  /** Milliseconds, or undefined to inherit. */
  readonly repeatInterval?: number;
  /** Time interval names during which this route is muted (not inherited). */
  readonly muteTimeIntervals: readonly string[];
  /** Time interval names outside which this route is muted (not inherited). */
  readonly activeTimeIntervals: readonly string[];
  /** Child routes, evaluated in order. */
  readonly routes: readonly RouteConfig[];
}

const ROUTE_KEYS = [
  'receiver', 'group_by', 'match', 'match_re', 'matchers', 'continue', 'routes', 'group_wait',
  'group_interval', 'repeat_interval', 'mute_time_intervals', 'active_time_intervals',
] as const;

/** Reads a route node strictly; returns undefined when it is not a mapping at all. */
export function readRoute(v: unknown, path: string, issues: Issues): RouteConfig | undefined {
  const m = readMap(v, path, ROUTE_KEYS, issues);
  if (!m) return undefined;
  const matchers: Matcher[] = [];
  for (const [name, value] of Object.entries(readStringMap(m['match'], childPath(path, 'match'), issues) ?? {})) {
    if (!isValidLabelName(name)) issues.add(childPath(path, 'match'), `invalid label name "${name}"`);
    else matchers.push(new Matcher('=', name, value));
  }
  for (const [name, value] of Object.entries(readStringMap(m['match_re'], childPath(path, 'match_re'), issues) ?? {})) {
    const p = childPath(childPath(path, 'match_re'), name);
    if (!isValidLabelName(name)) issues.add(childPath(path, 'match_re'), `invalid label name "${name}"`);
    else {
      const matcher = issues.attempt(p, () => new Matcher('=~', name, anchorLegacy(value)));
      if (matcher) matchers.push(matcher);
    }
  }
  readStrings(m['matchers'], childPath(path, 'matchers'), issues)?.forEach((line, i) => {
    const parsed = issues.attempt(childPath(childPath(path, 'matchers'), i), () => parseMatchers(line));
    if (parsed) matchers.push(...parsed);
  });
  const { groupBy, groupByAll } = readGroupBy(m['group_by'], childPath(path, 'group_by'), issues);
  const groupInterval = readDuration(m['group_interval'], childPath(path, 'group_interval'), issues);
  const repeatInterval = readDuration(m['repeat_interval'], childPath(path, 'repeat_interval'), issues);
  if (groupInterval === 0) issues.add(childPath(path, 'group_interval'), 'group_interval cannot be zero');
  if (repeatInterval === 0) issues.add(childPath(path, 'repeat_interval'), 'repeat_interval cannot be zero');
  const receiver = readString(m['receiver'], childPath(path, 'receiver'), issues);
  return {
    ...(receiver ? { receiver } : {}),
    ...(groupBy ? { groupBy } : {}),
    groupByAll,
    matchers,
    continue: readBool(m['continue'], childPath(path, 'continue'), issues) ?? false,
    ...opt('groupWait', readDuration(m['group_wait'], childPath(path, 'group_wait'), issues)),
    ...opt('groupInterval', groupInterval),
    ...opt('repeatInterval', repeatInterval),
    muteTimeIntervals: readStrings(m['mute_time_intervals'], childPath(path, 'mute_time_intervals'), issues) ?? [],
    activeTimeIntervals: readStrings(m['active_time_intervals'], childPath(path, 'active_time_intervals'), issues) ?? [],
    routes: readList(m['routes'], childPath(path, 'routes'), issues, (e, p) => readRoute(e, p, issues)) ?? [],
  };
}

/**
 * Alertmanager 0.25 turns `match_re` values into matchers through the compiled, anchored regex's
 * string, so `front.*` becomes the matcher value `^(?:front.*)$`; route keys and `amtool config
 * routes` show it that way, and so must ours.
 */
export function anchorLegacy(value: string): string {
  return `^(?:${value})$`;
}

function opt<K extends string>(key: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, number>);
}

// Mirrors Route.UnmarshalYAML: `...` alone means all labels; mixing it with names, invalid or
// duplicate names are errors; an empty list leaves GroupBy nil, which NewRoute treats as "inherit".
function readGroupBy(v: unknown, path: string, issues: Issues): { groupBy?: string[]; groupByAll: boolean } {
  const names = readStrings(v, path, issues);
  if (!names) return { groupByAll: false };
  const groupBy: string[] = [];
  let groupByAll = false;
  for (const n of names) {
    if (n === '...') groupByAll = true;
    else if (!isValidLabelName(n)) issues.add(path, `invalid label name "${n}" in group_by list`);
    else if (groupBy.includes(n)) issues.add(path, `duplicated label "${n}" in group_by`);
    else groupBy.push(n);
  }
  if (groupByAll && groupBy.length > 0) {
    issues.add(path, 'cannot have wildcard group_by (`...`) and other other labels at the same time');
  }
  return groupBy.length > 0 ? { groupBy, groupByAll } : { groupByAll };
}

/** Calls `fn` on every route node of the tree with its path, parents first. */
export function walkRoutes(route: RouteConfig, path: string, fn: (r: RouteConfig, path: string) => void): void {
  fn(route, path);
  route.routes.forEach((child, i) => walkRoutes(child, childPath(childPath(path, 'routes'), i), fn));
}
