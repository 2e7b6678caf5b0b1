// Distinct users of one minute bucket (or of a union of buckets): an exact set while small, so the
// common case ("more than 10 users") is exact, then a HyperLogLog once the set passes the bound, so
// one noisy group cannot hold an unbounded set of ids. Memory per counter is at most
// EXACT_USER_LIMIT ids or 4 KiB of registers.
import { HyperLogLog } from './hyperloglog.js';

/** Ids kept exactly before a counter switches to HyperLogLog. */
export const EXACT_USER_LIMIT = 1000;

/** Exact-then-approximate distinct user counter. */
export class UserCounter {
  private exact: Set<string> | undefined = new Set();
  private hll: HyperLogLog | undefined;

  /** Whether the count is still exact. */
  get isExact(): boolean {
    return this.exact !== undefined;
  }

  /** Adds one user id. */
  add(id: string): void {
    if (this.exact) {
      this.exact.add(id);
      if (this.exact.size > EXACT_USER_LIMIT) this.toApproximate();
    } else {
      this.hll!.add(id);
    }
  }

  /** Adds every user of `other` (set union). */
  merge(other: UserCounter): void {
    if (other.exact) {
      for (const id of other.exact) this.add(id);
      return;
    }
    if (this.exact) this.toApproximate();
    this.hll!.merge(other.hll!);
  }

  /** The ids while the count is exact; undefined once it is approximate. */
  exactIds(): readonly string[] | undefined {
    return this.exact ? [...this.exact] : undefined;
  }

  /** The number of distinct users (exact while `isExact`). */
  count(): number {
    return this.exact ? this.exact.size : this.hll!.count();
  }

  private toApproximate(): void {
    const hll = new HyperLogLog();
    for (const id of this.exact ?? []) hll.add(id);
    this.hll = hll;
    this.exact = undefined;
  }
}
