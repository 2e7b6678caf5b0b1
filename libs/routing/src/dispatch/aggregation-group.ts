// An aggregation group (`dispatch.aggrGroup`) as a pure state machine: the caller owns the clock and
// the timer, asks `nextFlushAt()` when to come back, and calls `flush(now)` then. The first flush
// happens group_wait after the group was created (or at once if an alert is older than group_wait);
// every later one group_interval after the previous flush. What to actually send is decided
// afterwards by the mute stages and the dedup stage, as in Alertmanager's pipeline.
import { groupKey } from './group-key.js';
import { type Alert, alertFingerprint, compareAlerts, isResolvedAt } from './alert.js';
import { type Route } from './route.js';
import { type LabelSet } from '../labels/label-set.js';

/** The batch a group hands to the notification pipeline on a flush. */
export interface GroupFlush {
  /** The group's key, `<route key>:<group labels>`. */
  readonly groupKey: string;
  /** The labels the group was formed on. */
  readonly groupLabels: LabelSet;
  /** The route (and so receiver, repeat interval and time intervals) of the group. */
  readonly route: Route;
  /** The flush time: the pipeline's `now`. */
  readonly now: Date;
  /** All alerts of the group in Alertmanager's order; firing ones have no `endsAt`. */
  readonly alerts: readonly Alert[];
}

/** One aggregation group of a route. */
export class AggregationGroup {
  /** Group key, stable for the life of the group. */
  readonly key: string;
  private readonly alerts = new Map<string, Alert>();
  private next: number;
  private hasFlushed = false;

  /** Creates the group at `now`; its first flush is due group_wait later. */
  constructor(readonly route: Route, readonly groupLabels: LabelSet, now: Date) {
    this.key = groupKey(route.key, groupLabels);
    this.next = now.getTime() + route.opts.groupWait;
  }

  /** Inserts or replaces (by fingerprint) an alert; an alert older than group_wait makes the first flush due now. */
  add(alert: Alert, now: Date): void {
    this.alerts.set(alertFingerprint(alert), alert);
    if (!this.hasFlushed && alert.startsAt.getTime() + this.route.opts.groupWait < now.getTime()) {
      this.next = now.getTime();
    }
  }

  /** When the next flush is due. */
  nextFlushAt(): Date {
    return new Date(this.next);
  }

  /** Whether the group holds no alerts (Alertmanager drops such groups in its maintenance pass). */
  isEmpty(): boolean {
    return this.alerts.size === 0;
  }

  /** Number of alerts held. */
  get size(): number {
    return this.alerts.size;
  }

  /** If due at `now`, re-arms the timer by group_interval and returns the batch; otherwise nothing. */
  flush(now: Date): GroupFlush | undefined {
    if (now.getTime() < this.next) return undefined;
    this.next = now.getTime() + this.route.opts.groupInterval;
    this.hasFlushed = true;
    if (this.alerts.size === 0) return undefined;
    const alerts = [...this.alerts.values()].map((a) => {
      // Alerts must not resolve while the batch moves through the pipeline, so firing ones lose their end.
      if (isResolvedAt(a, now)) return a;
      const { endsAt: _drop, ...firing } = a;
      return firing;
    });
    alerts.sort(compareAlerts);
    return { groupKey: this.key, groupLabels: this.groupLabels, route: this.route, now, alerts };
  }

  /**
   * After the pipeline succeeded for a batch: forget the resolved alerts of it that have not been
   * re-sent since (`aggrGroup.flush`'s delete loop).
   */
  commit(batch: GroupFlush): void {
    for (const a of batch.alerts) {
      const fp = alertFingerprint(a);
      const current = this.alerts.get(fp);
      if (current && isResolvedAt(a, batch.now) && current.updatedAt.getTime() === a.updatedAt.getTime()) this.alerts.delete(fp);
    }
  }
}
