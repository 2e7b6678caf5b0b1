// The recent history of one error group: sparse one-minute buckets of event counts and distinct users,
// and the event ids already counted so a redelivered activity is not counted twice. Counts have
// minute granularity: a window of length W at `now` covers every bucket that overlaps
// (now − W, now], so it may include up to one minute more than W.
import { UserCounter } from './user-counter.js';

/** Bucket length: one minute. */
export const BUCKET_MS = 60_000;

/** One bucket as stored and as restored from a snapshot. */
export interface BucketSnapshot {
  /** Start of the minute. */
  readonly start: Date;
  /** Events received in the minute. */
  readonly events: number;
  /** Distinct user ids seen in the minute (may be fewer than the events, or absent). */
  readonly users?: readonly string[];
}

interface Bucket {
  events: number;
  readonly users: UserCounter;
}

/** Counts of one group over a window. */
export interface WindowCounts {
  /** Events in the window. */
  readonly events: number;
  /** Distinct users in the window (approximate past the exact bound). */
  readonly users: number;
}

/** Minute buckets and seen event ids of one group. */
export class GroupWindow {
  private readonly buckets = new Map<number, Bucket>();
  // Insertion-ordered, so the oldest ids are dropped first when the bound is reached.
  private readonly seen = new Map<string, number>();

  /** A window that keeps `retentionMs` of history and at most `maxEventIds` remembered ids. */
  constructor(private readonly retentionMs: number, private readonly maxEventIds: number) {}

  /** Counts one event at `atMs`; false when `eventId` was already counted (a redelivery). */
  add(atMs: number, eventId: string, userId: string | undefined): boolean {
    if (eventId !== '') {
      if (this.seen.has(eventId)) return false;
      this.seen.set(eventId, atMs);
      if (this.seen.size > this.maxEventIds) this.seen.delete(this.seen.keys().next().value!);
    }
    const b = this.bucket(Math.floor(atMs / BUCKET_MS));
    b.events++;
    if (userId) b.users.add(userId);
    return true;
  }

  /** Merges a snapshot bucket (from PostgreSQL at start) into the window. */
  restore(snapshot: BucketSnapshot): void {
    const b = this.bucket(Math.floor(snapshot.start.getTime() / BUCKET_MS));
    b.events += snapshot.events;
    for (const u of snapshot.users ?? []) b.users.add(u);
  }

  /**
   * The buckets as snapshots. Users are listed while a bucket's count is exact; a bucket past
   * EXACT_USER_LIMIT users keeps its event count only (its HyperLogLog is not persisted).
   */
  snapshot(): BucketSnapshot[] {
    return [...this.buckets].map(([minute, b]) => {
      const users = b.users.exactIds();
      return { start: new Date(minute * BUCKET_MS), events: b.events, ...(users ? { users } : {}) };
    });
  }

  /** Counts over the buckets overlapping (`fromMs`, `toMs`]. */
  counts(fromMs: number, toMs: number): WindowCounts {
    const first = Math.floor(fromMs / BUCKET_MS);
    const last = Math.floor(toMs / BUCKET_MS);
    const users = new UserCounter();
    let events = 0;
    for (const [minute, b] of this.buckets) {
      if (minute < first || minute > last) continue;
      events += b.events;
      users.merge(b.users);
    }
    return { events, users: users.count() };
  }

  /** Events only (cheaper: no user union), over the buckets overlapping (`fromMs`, `toMs`]. */
  events(fromMs: number, toMs: number): number {
    const first = Math.floor(fromMs / BUCKET_MS);
    const last = Math.floor(toMs / BUCKET_MS);
    let events = 0;
    for (const [minute, b] of this.buckets) if (minute >= first && minute <= last) events += b.events;
    return events;
  }

  /** Drops buckets and event ids older than the retention; true when nothing is left. */
  prune(nowMs: number): boolean {
    const cutoff = nowMs - this.retentionMs;
    const firstMinute = Math.floor(cutoff / BUCKET_MS);
    for (const minute of this.buckets.keys()) if (minute < firstMinute) this.buckets.delete(minute);
    for (const [id, at] of this.seen) if (at < cutoff) this.seen.delete(id);
    return this.buckets.size === 0 && this.seen.size === 0;
  }

  /** Number of buckets held (for the memory bound tests). */
  get bucketCount(): number {
    return this.buckets.size;
  }

  private bucket(minute: number): Bucket {
    let b = this.buckets.get(minute);
    if (!b) this.buckets.set(minute, (b = { events: 0, users: new UserCounter() }));
    return b;
  }
}
