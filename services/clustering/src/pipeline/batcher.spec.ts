import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('flushes when full and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>({ maxItems: 3, maxWaitMs: 10_000 }, async (items) => {
      batches.push(items);
      return items.map((i) => i * 10);
    });
    const results = await Promise.all([1, 2, 3].map((n) => b.add(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after maxWaitMs', async () => {
    const b = new Batcher<number, number>({ maxItems: 100, maxWaitMs: 5 }, async (items) => items);
    await expect(b.add(7)).resolves.toBe(7);
  });

  it('rejects every item of a failed batch and keeps working', async () => {
    let fail = true;
    const b = new Batcher<number, number>({ maxItems: 2, maxWaitMs: 5 }, async (items) => {
      if (fail) throw new Error('db down');
      return items;
    });
    const failed = [b.add(1), b.add(2)];
    await expect(Promise.all(failed)).rejects.toThrow('db down');
    fail = false;
    await expect(b.add(3)).resolves.toBe(3);
  });

  it('writes at most `parallel` batches at once', async () => {
    let running = 0;
    let peak = 0;
    const b = new Batcher<number, number>({ maxItems: 1, maxWaitMs: 1, parallel: 2 }, async (items) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return items;
    });
    await Promise.all([1, 2, 3, 4, 5].map((n) => b.add(n)));
    expect(peak).toBe(2);
  });
});

/** A batcher whose first batch's write blocks until `release()`; `batches` records what was written. */
function blockedFirstBatch(options: { maxItems: number; maxWaitMs: number; parallel: number }) {
  const batches: number[][] = [];
  let release!: () => void;
  const first = new Promise<void>((r) => (release = r));
  const b = new Batcher<number, number>(options, async (items) => {
    batches.push(items);
    if (batches.length === 1) await first;
    return items;
  });
  return { b, batches, release };
}

describe('Batcher group commit', () => {
  it('merges what arrives while every slot is busy into one batch, sent when a slot frees', async () => {
    const { b, batches, release } = blockedFirstBatch({ maxItems: 100, maxWaitMs: 2, parallel: 1 });
    const a = b.add(1);
    await new Promise((r) => setTimeout(r, 10)); // batch [1] is being written
    const later = [2, 3, 4].map((n) => b.add(n));
    await new Promise((r) => setTimeout(r, 10)); // waited past maxWaitMs several times over
    const more = [5, 6].map((n) => b.add(n));
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([[1]]);
    expect(b.pending).toBe(5); // waiting for a batch: 2…6
    release();
    await expect(Promise.all([a, ...later, ...more])).resolves.toEqual([1, 2, 3, 4, 5, 6]);
    expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
  });

  it('still seals a full batch while the slots are busy, and an idle batcher still waits only maxWaitMs', async () => {
    const { b, batches, release } = blockedFirstBatch({ maxItems: 2, maxWaitMs: 2, parallel: 1 });
    const all = [1, 2, 3, 4, 5].map((n) => b.add(n));
    await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all(all);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    const started = Date.now();
    await b.add(6);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(batches.at(-1)).toEqual([6]);
  });
});
