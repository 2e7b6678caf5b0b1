// One label matcher, as `pkg/labels/matcher.go` of Alertmanager 0.25 defines it.
import { compileGoRegex } from './go-regex.js';
import { type LabelSet, compareGo } from './label-set.js';

/** The four matcher operators; the order is Alertmanager's `MatchType` enum order, used for sorting. */
export const MATCH_TYPES = ['=', '!=', '=~', '!~'] as const;
/** A matcher operator: `=`, `!=`, `=~` or `!~`. */
export type MatchType = (typeof MATCH_TYPES)[number];

// `openMetricsEscape`: the only three escapes Alertmanager applies when printing a matcher value.
function escapeValue(s: string): string {
  return s.replace(/[\\\n"]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\"'));
}

/** A compiled matcher: `name op value`, regexes anchored like Alertmanager (`^(?:value)$`). */
export class Matcher {
  private readonly re: RegExp | undefined;

  /** Builds a matcher; throws `RegexSyntaxError` when a regex value is not valid RE2. */
  constructor(readonly type: MatchType, readonly name: string, readonly value: string) {
    this.re = type === '=~' || type === '!~' ? compileGoRegex(value) : undefined;
  }

  /** Whether the matcher accepts the single label value `v` (a missing label is ""). */
  matchesValue(v: string): boolean {
    switch (this.type) {
      case '=': return v === this.value;
      case '!=': return v !== this.value;
      case '=~': return this.re!.test(v);
      case '!~': return !this.re!.test(v);
    }
  }

  /** Whether the label set satisfies the matcher (missing labels count as empty). */
  matches(labels: LabelSet): boolean {
    return this.matchesValue(labels[this.name] ?? '');
  }

  /** Whether the matcher uses a regex. */
  get isRegex(): boolean {
    return this.re !== undefined;
  }

  /** Printed like Alertmanager: `name="value"` with the value always quoted. */
  toString(): string {
    return `${this.name}${this.type}"${escapeValue(this.value)}"`;
  }
}

/** A conjunction of matchers; all must match. */
export type Matchers = readonly Matcher[];

/** Whether every matcher accepts the label set (`labels.Matchers.Matches`). */
export function matchesAll(matchers: Matchers, labels: LabelSet): boolean {
  for (const m of matchers) if (!m.matches(labels)) return false;
  return true;
}

/** Sorts as `labels.Matchers.Less`: by name, then value, then operator enum order. */
export function sortMatchers(matchers: Matchers): Matcher[] {
  return [...matchers].sort(
    (a, b) => compareGo(a.name, b.name) || compareGo(a.value, b.value) || MATCH_TYPES.indexOf(a.type) - MATCH_TYPES.indexOf(b.type),
  );
}

/** `labels.Matchers.String()`: `{a="b",c=~"d"}` — comma without a space, in the given order. */
export function formatMatchers(matchers: Matchers): string {
  return '{' + matchers.map((m) => m.toString()).join(',') + '}';
}
