// Inhibition (`inhibit/inhibit.go`): a target alert is muted while some firing alert matches a rule's
// source side and carries the same values for the rule's `equal` labels (missing equals empty). An
// alert matching both sides cannot be inhibited by another alert that also matches both, so that two
// such alerts never silence each other.
import { type InhibitRuleConfig } from '../config/inhibit-rule-config.js';
import { type Alert, alertFingerprint, isResolvedAt } from '../dispatch/alert.js';
import { type LabelSet } from '../labels/label-set.js';
import { matchesAll } from '../labels/matcher.js';
import { type Muter } from '../muter.js';

/** Mutes alerts inhibited by the source alerts it has been fed. */
export class Inhibitor implements Muter {
  // Per rule, the alerts that match its source side, by fingerprint (`InhibitRule.scache`).
  private readonly sources: Map<string, Alert>[];

  /** An inhibitor for these rules with no alerts yet. */
  constructor(private readonly rules: readonly InhibitRuleConfig[]) {
    this.sources = rules.map(() => new Map());
  }

  /** Feeds one received alert (firing or resolved) to the source caches. */
  add(alert: Alert): void {
    this.rules.forEach((r, i) => {
      if (matchesAll(r.sourceMatchers, alert.labels)) this.sources[i]!.set(alertFingerprint(alert), alert);
    });
  }

  /** Forgets source alerts resolved at `now` (the cache's garbage collection). */
  collect(now: Date): void {
    for (const cache of this.sources) for (const [fp, a] of cache) if (isResolvedAt(a, now)) cache.delete(fp);
  }

  /** The fingerprint of an alert inhibiting these labels at `now`, or undefined. */
  inhibitedBy(labels: LabelSet, now: Date): string | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      if (!matchesAll(rule.targetMatchers, labels)) continue;
      const twoSided = matchesAll(rule.sourceMatchers, labels);
      for (const [fp, source] of this.sources[i]!) {
        if (isResolvedAt(source, now)) continue;
        if (!rule.equal.every((n) => (source.labels[n] ?? '') === (labels[n] ?? ''))) continue;
        if (twoSided && matchesAll(rule.targetMatchers, source.labels)) continue;
        return fp;
      }
    }
    return undefined;
  }

  /** Whether the alert is inhibited at `now`. */
  mutes(labels: LabelSet, now: Date): boolean {
    return this.inhibitedBy(labels, now) !== undefined;
  }
}
