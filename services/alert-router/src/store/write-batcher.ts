// Collects the writes that concurrent handlers make within one event-loop turn into one statement,
// so that 64 messages producing 64 alerts cost one round trip to PostgreSQL instead of 64. Every
// caller still waits for its own write to be committed (durable before acknowledged). One batch is
// written at a time, so that commit order follows queue order (revisions increase as rows commit).
/** Batches items; `write` stores one batch and returns one result for all of it. */
export class WriteBatcher<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<R>, private readonly maxBatch = 1_000) {}

  /** Queues `items` for the next batch; resolves with the batch's result once it is stored. */
  add(items: readonly T[]): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      for (const [i, item] of items.entries()) {
        // Only the last item settles the caller's promise: the batch commits all items together.
        const last = i === items.length - 1;
        this.pending.push({ item, resolve: last ? resolve : () => undefined, reject: last ? reject : () => undefined });
      }
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    });
  }

  private drain(): void {
    this.scheduled = false;
    if (this.writing || this.pending.length === 0) return;
    this.writing = true;
    const batch = this.pending.splice(0, this.maxBatch);
    this.write(batch.map((p) => p.item)).then(
      (r) => batch.forEach((p) => p.resolve(r)),
      (e: unknown) => batch.forEach((p) => p.reject(e)),
    ).finally(() => {
      this.writing = false;
      this.drain();
    });
  }
}
