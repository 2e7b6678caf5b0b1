// The alert as the dispatcher holds it (`types.Alert`): labels identify it, `endsAt` in the past means
// resolved, and `updatedAt` tells whether it changed since it was last notified.
import { fingerprint } from '../labels/fingerprint.js';
import { type LabelSet, compareGo, sortedNames } from '../labels/label-set.js';

/** One alert. */
export interface Alert {
  /** Identifying labels (empty values already removed). */
  readonly labels: LabelSet;
  /** Descriptive annotations. */
  readonly annotations: LabelSet;
  /** When it started firing. */
  readonly startsAt: Date;
  /** When it ends or ended; undefined while firing with no known end (Go's zero time). */
  readonly endsAt?: Date;
  /** Link to what generated it. */
  readonly generatorURL: string;
  /** Last time the alert was received or changed. */
  readonly updatedAt: Date;
}

/** Whether the alert is resolved at `now` (`Alert.ResolvedAt`): it has an end that is not after now. */
export function isResolvedAt(alert: Alert, now: Date): boolean {
  return alert.endsAt !== undefined && alert.endsAt.getTime() <= now.getTime();
}

/** The alert's fingerprint (16 hex digits). */
export function alertFingerprint(alert: Alert): string {
  return fingerprint(alert.labels);
}

// `LabelSet.Before`: fewer labels first, then the first differing value over the union of names.
function labelsBefore(a: LabelSet, b: LabelSet): number {
  const la = Object.keys(a).length;
  const lb = Object.keys(b).length;
  if (la !== lb) return la - lb;
  for (const n of sortedNames({ ...a, ...b })) {
    if (!(n in a)) return -1;
    if (!(n in b)) return 1;
    const c = compareGo(a[n]!, b[n]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** Alertmanager's alert order (`types.AlertSlice.Less`): by `job`, then `instance`, then labels. */
export function compareAlerts(a: Alert, b: Alert): number {
  for (const key of ['job', 'instance']) {
    const av = a.labels[key];
    const bv = b.labels[key];
    if (av === undefined && bv === undefined) continue;
    if (av === undefined) return 1;
    if (bv === undefined) return -1;
    if (av !== bv) return compareGo(av, bv);
  }
  return labelsBefore(a.labels, b.labels);
}
