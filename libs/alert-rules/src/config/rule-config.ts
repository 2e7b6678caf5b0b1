// The validated shape of one error alert rule and the defaults the parser fills in. Durations are
// milliseconds; globs are compiled once at parse time so evaluation never builds a RegExp.

/** The five rule types of issue 6. */
export type RuleType = 'new_issue' | 'regression' | 'frequency' | 'users' | 'spike';

/** Every rule type, in documentation order. */
export const RULE_TYPES: readonly RuleType[] = ['new_issue', 'regression', 'frequency', 'users', 'spike'];

/** Label names the engine sets itself; extra labels may not override them. */
export const RESERVED_LABELS: readonly string[] = ['alertname', 'project', 'group_id', 'level', 'environment', 'severity'];

/** Defaults applied when a key is absent. */
export const RULE_DEFAULTS = {
  /** Window of frequency, users and spike rules (and of the counts annotated on every alert). */
  windowMs: 3600_000,
  /** Minimum time between two firings of one rule for one group. */
  actionIntervalMs: 30 * 60_000,
  /** How long a new_issue or regression alert stays firing unless the group is resolved first. */
  holdMs: 24 * 3600_000,
  /** Spike baseline: the period before the window whose average rate is compared. */
  baselineWindowMs: 7 * 24 * 3600_000,
  /** Spike: minimum events in the window, so a group with no baseline does not fire on one event. */
  spikeMinEvents: 10,
  /** The `severity` label. */
  severity: 'warning',
} as const;

/** Conditions on the triggering activity; absent keys match everything. */
export interface RuleFilters {
  /** Allowed levels (exact). */
  readonly level?: readonly string[];
  /** Allowed environments (exact). */
  readonly environment?: readonly string[];
  /** Release globs; the release must match one. */
  readonly release?: readonly RegExp[];
  /** Tag name → glob; every listed tag must be present and match. */
  readonly tags?: Readonly<Record<string, RegExp>>;
}

/** One validated alert rule. */
export interface AlertRule {
  /** Unique rule name, the `alertname` label. */
  readonly name: string;
  /** What fires the rule. */
  readonly type: RuleType;
  /** Project ids the rule applies to; undefined = every project. */
  readonly projects?: readonly string[];
  /** Filters on the triggering activity. */
  readonly filters: RuleFilters;
  /** frequency: more than this many events; users: more than this many users; spike: minimum events. */
  readonly threshold?: number;
  /** Counting window in ms. */
  readonly windowMs: number;
  /** spike: the window rate must be at least factor × baseline rate. */
  readonly factor?: number;
  /** spike: length of the baseline period before the window, in ms. */
  readonly baselineWindowMs?: number;
  /** new_issue/regression: how long the alert fires unless the group is resolved first. */
  readonly holdMs?: number;
  /** Minimum time between firings for one group, in ms. */
  readonly actionIntervalMs: number;
  /** The `severity` label. */
  readonly severity: string;
  /** Extra labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra annotations. */
  readonly annotations: Readonly<Record<string, string>>;
}
