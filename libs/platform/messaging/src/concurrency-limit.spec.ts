import { ConcurrencyLimit } from './concurrency-limit.js';

describe('ConcurrencyLimit', () => {
  it('admits up to the limit and hands released slots to waiters in order', async () => {
    const limit = new ConcurrencyLimit(2);
    const order: number[] = [];
    await limit.acquire();
    await limit.acquire();
    expect(limit.running).toBe(2);
    const third = limit.acquire().then(() => order.push(3));
    const fourth = limit.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    limit.release();
    await third;
    expect(order).toEqual([3]);
    limit.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(limit.running).toBe(2);
    limit.release();
    limit.release();
    expect(limit.running).toBe(0);
  });
});
