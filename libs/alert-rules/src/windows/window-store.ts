// Window state for every group the engine has seen recently. Memory is bounded three ways: each
// group keeps only `retentionMs` of buckets (the longest window any rule needs), at most
// `maxEventIds` remembered event ids, and the store keeps at most `maxGroups` groups, evicting the
// least recently touched one first; idle groups (nothing within the retention) are dropped by `prune`.
import { type BucketSnapshot, GroupWindow, type WindowCounts } from './group-window.js';

/** Bounds of a window store. */
export interface WindowStoreOptions {
  /** History kept per group, in ms (the engine passes the longest rule window plus baseline). */
  readonly retentionMs: number;
  /** Groups kept at most; default 100,000. */
  readonly maxGroups?: number;
  /** Event ids remembered per group for redelivery dedupe; default 10,000. */
  readonly maxEventIds?: number;
}

/** A snapshot of one group's recent buckets, as the service reads it from PostgreSQL at start. */
export interface GroupSnapshot {
  /** The group. */
  readonly groupId: string;
  /** Its minute buckets. */
  readonly buckets: readonly BucketSnapshot[];
}

/** Default group bound. */
export const DEFAULT_MAX_GROUPS = 100_000;
/** Default event id bound per group. */
export const DEFAULT_MAX_EVENT_IDS = 10_000;

/** Per-group windows with LRU eviction. */
export class WindowStore {
  // Map order is recency order: a touched group is moved to the end.
  private readonly groups = new Map<string, GroupWindow>();
  private readonly dirty = new Set<string>();
  private readonly maxGroups: number;
  private readonly maxEventIds: number;

  /** A store with the given bounds. */
  constructor(private readonly opts: WindowStoreOptions) {
    this.maxGroups = opts.maxGroups ?? DEFAULT_MAX_GROUPS;
    this.maxEventIds = opts.maxEventIds ?? DEFAULT_MAX_EVENT_IDS;
  }

  /** Counts one event of `groupId`; false when it was already counted or is older than the retention. */
  add(groupId: string, atMs: number, eventId: string, userId: string | undefined, nowMs: number): boolean {
    // An event older than every window can change no count; it is not worth a group entry.
    if (atMs <= nowMs - this.opts.retentionMs) return false;
    const added = this.touch(groupId).add(atMs, eventId, userId);
    if (added) this.dirty.add(groupId);
    return added;
  }

  /** Seeds a group from a snapshot; buckets older than the retention are skipped. */
  restore(snapshot: GroupSnapshot, nowMs: number): void {
    const w = this.touch(snapshot.groupId);
    for (const b of snapshot.buckets) if (b.start.getTime() > nowMs - this.opts.retentionMs) w.restore(b);
  }

  /** Counts of `groupId` over (`fromMs`, `toMs`]. */
  counts(groupId: string, fromMs: number, toMs: number): WindowCounts {
    return this.groups.get(groupId)?.counts(fromMs, toMs) ?? { events: 0, users: 0 };
  }

  /** Events of `groupId` over (`fromMs`, `toMs`]. */
  events(groupId: string, fromMs: number, toMs: number): number {
    return this.groups.get(groupId)?.events(fromMs, toMs) ?? 0;
  }

  /** Drops expired buckets everywhere and groups with nothing left. */
  prune(nowMs: number): void {
    for (const [id, w] of this.groups) if (w.prune(nowMs)) this.groups.delete(id);
  }

  /** Ids of the groups held, least recently touched first. */
  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  /** Number of groups held. */
  get size(): number {
    return this.groups.size;
  }

  /** Snapshots of the groups changed since the last call (for the service to persist), and forgets them. */
  takeChanged(): GroupSnapshot[] {
    const out: GroupSnapshot[] = [];
    for (const id of this.dirty) {
      const w = this.groups.get(id);
      if (w) out.push({ groupId: id, buckets: w.snapshot() });
    }
    this.dirty.clear();
    return out;
  }

  private touch(groupId: string): GroupWindow {
    let w = this.groups.get(groupId);
    if (w) this.groups.delete(groupId);
    else w = new GroupWindow(this.opts.retentionMs, this.maxEventIds);
    this.groups.set(groupId, w);
    if (this.groups.size > this.maxGroups) this.groups.delete(this.groups.keys().next().value!);
    return w;
  }
}
