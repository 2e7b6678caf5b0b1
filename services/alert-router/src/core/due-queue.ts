// Aggregation groups ordered by when they fall due: a binary min-heap with lazy deletion, so that
// a flush pass touches only the groups that are due instead of scanning every group (10,000
// groups × a pass every few milliseconds would otherwise dominate the router's CPU).
import { type AggregationGroup } from '@faultline/routing';

/** Due-time index over aggregation groups. */
export class DueQueue {
  private heap: { at: number; group: AggregationGroup }[] = [];
  private readonly due = new Map<AggregationGroup, number>();

  /** (Re-)indexes a group at its current `nextFlushAt()`. */
  track(group: AggregationGroup): void {
    const at = group.nextFlushAt().getTime();
    if (this.due.get(group) === at) return;
    this.due.set(group, at);
    this.push({ at, group });
  }

  /** Removes and returns (at most `limit` of) the groups due at `nowMs`, earliest first. */
  takeDue(nowMs: number, limit = Infinity): AggregationGroup[] {
    const out: AggregationGroup[] = [];
    for (;;) {
      const top = this.peekValid();
      if (!top || top.at > nowMs || out.length >= limit) return out;
      this.pop();
      this.due.delete(top.group);
      out.push(top.group);
    }
  }

  /** The earliest due time, or undefined. */
  next(): number | undefined {
    return this.peekValid()?.at;
  }

  /** Rebuilds the index from scratch (after groups were dropped). */
  reset(groups: readonly AggregationGroup[]): void {
    this.heap = [];
    this.due.clear();
    for (const g of groups) this.track(g);
  }

  /** Number of groups indexed. */
  get size(): number {
    return this.due.size;
  }

  private peekValid(): { at: number; group: AggregationGroup } | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.due.get(top.group) === top.at) return top;
      this.pop();
    }
    return undefined;
  }

  private push(e: { at: number; group: AggregationGroup }): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= e.at) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && h[r]!.at < h[l]!.at ? r : l;
      if (h[c]!.at >= last.at) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
}
