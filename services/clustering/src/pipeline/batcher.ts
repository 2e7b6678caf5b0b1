// Collects items for up to `maxWaitMs` or `maxItems`, then hands them to `flush` as one batch.
// Each caller awaits the result of its own item, so a message is acknowledged only after the
// batch holding it committed. At most `parallel` batches are written at once; items arriving
// meanwhile form the next batch (group commit): a batch whose wait ran out while every slot was
// busy keeps collecting until a slot frees, instead of queueing as one small batch behind the
// others. A slower database therefore gets fewer, larger batches, not a queue of small ones;
// an idle one still gets each batch after `maxWaitMs`.

/** Bounds of a Batcher. */
export interface BatcherOptions {
  maxItems: number;
  maxWaitMs: number;
  /** Batches being flushed at once (default 2). */
  parallel?: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** Groups items into batches; `flush` returns one result per item, in order. */
export class Batcher<T, R> {
  private current: Pending<T, R>[] = [];
  private timer?: NodeJS.Timeout;
  private running = 0;
  private readonly ready: Pending<T, R>[][] = [];
  /** The current batch's wait ran out while no slot was free: it is sealed when one frees. */
  private overdue = false;

  constructor(
    private readonly options: BatcherOptions,
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly onBatch?: (size: number, reason: 'size' | 'time') => void,
  ) {}

  /** Adds an item; resolves with its result once its batch was flushed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.current.push({ item, resolve, reject });
      if (this.current.length >= this.options.maxItems) this.seal('size');
      else if (!this.timer && !this.overdue) this.timer = setTimeout(() => this.seal('time'), this.options.maxWaitMs);
    });
  }

  /** Items not being written yet: in the batch collecting, or in sealed batches waiting for a slot. */
  get pending(): number {
    return this.current.length + this.ready.reduce((n, b) => n + b.length, 0);
  }

  private seal(reason: 'size' | 'time'): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current.length === 0) return;
    if (reason === 'time' && (this.running >= this.parallel || this.ready.length > 0)) {
      this.overdue = true;
      return;
    }
    this.overdue = false;
    this.ready.push(this.current);
    this.onBatch?.(this.current.length, reason);
    this.current = [];
    this.drain();
  }

  private get parallel(): number {
    return this.options.parallel ?? 2;
  }

  private drain(): void {
    while (this.running < this.parallel && this.ready.length > 0) {
      const batch = this.ready.shift()!;
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.drain();
        // A batch that waited past maxWaitMs for a slot goes now, with everything it collected meanwhile.
        if (this.overdue) this.seal('time');
      });
    }
  }

  private async run(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
