import { WriteBatcher } from './write-batcher.js';

describe('WriteBatcher', () => {
  it('writes what concurrent callers add in one turn as one batch, and settles every caller', async () => {
    const writes: number[][] = [];
    const b = new WriteBatcher(async (items: number[]) => {
      writes.push(items);
      return items.length;
    });
    const results = await Promise.all([b.add([1, 2]), b.add([3]), b.add([4, 5, 6])]);
    expect(writes).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(results).toEqual([6, 6, 6]);
  });

  it('splits at maxBatch and rejects the callers of a failed batch only', async () => {
    const b = new WriteBatcher(async (items: number[]) => {
      if (items.includes(3)) throw new Error('boom');
      return items.length;
    }, 2);
    const settled = await Promise.allSettled([b.add([1]), b.add([2]), b.add([3])]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });
});
