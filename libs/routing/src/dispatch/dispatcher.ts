// The dispatcher's bookkeeping without its goroutines: alerts are routed to every matching node,
// grouped by the node's group labels, and groups are flushed when the caller's clock says so.
import { type Alert } from './alert.js';
import { AggregationGroup, type GroupFlush } from './aggregation-group.js';
import { type Route } from './route.js';
import { fingerprint } from '../labels/fingerprint.js';

/** Routes alerts into aggregation groups and reports which groups are due. */
export class Dispatcher {
  private readonly groups = new Map<Route, Map<string, AggregationGroup>>();

  /** A dispatcher over the route tree rooted at `root`. */
  constructor(readonly root: Route) {}

  /** Routes an alert into its groups (creating them at `now` when new); returns the groups touched. */
  add(alert: Alert, now: Date): AggregationGroup[] {
    return this.root.match(alert.labels).map((route) => {
      let byLabels = this.groups.get(route);
      if (!byLabels) this.groups.set(route, (byLabels = new Map()));
      const labels = route.groupLabels(alert.labels);
      const fp = fingerprint(labels);
      let group = byLabels.get(fp);
      if (!group) byLabels.set(fp, (group = new AggregationGroup(route, labels, now)));
      group.add(alert, now);
      return group;
    });
  }

  /** Every group currently held. */
  allGroups(): AggregationGroup[] {
    return [...this.groups.values()].flatMap((m) => [...m.values()]);
  }

  /** The earliest due time over all groups, or undefined when there are none. */
  nextFlushAt(): Date | undefined {
    const times = this.allGroups().map((g) => g.nextFlushAt().getTime());
    return times.length ? new Date(Math.min(...times)) : undefined;
  }

  /** Flushes every group due at `now`, earliest due first. */
  flushDue(now: Date): { group: AggregationGroup; batch: GroupFlush }[] {
    const due = this.allGroups().filter((g) => g.nextFlushAt().getTime() <= now.getTime());
    due.sort((a, b) => a.nextFlushAt().getTime() - b.nextFlushAt().getTime());
    return due.flatMap((group) => {
      const batch = group.flush(now);
      return batch ? [{ group, batch }] : [];
    });
  }

  /** Drops empty groups (Alertmanager's periodic maintenance); a later alert starts a fresh group_wait. */
  removeEmpty(): void {
    for (const byLabels of this.groups.values()) for (const [fp, g] of byLabels) if (g.isEmpty()) byLabels.delete(fp);
  }
}
