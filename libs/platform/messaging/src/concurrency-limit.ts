// A counting semaphore: at most `limit` handlers run at once in one replica.

/** Limits how many tasks run concurrently. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Number of tasks holding a slot now. */
  get running(): number {
    return this.active;
  }

  /** Resolves when a slot is free, taking it. */
  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(() => resolve()));
  }

  /** Returns a slot, handing it straight to the next waiter if there is one. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active -= 1;
  }
}
