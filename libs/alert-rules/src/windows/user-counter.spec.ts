import { HyperLogLog } from './hyperloglog.js';
import { EXACT_USER_LIMIT, UserCounter } from './user-counter.js';

describe('UserCounter', () => {
  it('is exact up to the bound', () => {
    const c = new UserCounter();
    for (let i = 0; i < EXACT_USER_LIMIT; i++) c.add(`user-${i}`);
    for (let i = 0; i < 100; i++) c.add(`user-${i}`);
    expect(c.isExact).toBe(true);
    expect(c.count()).toBe(EXACT_USER_LIMIT);
  });

  it('counts 50,000 distinct users within 5 % once approximate (HLL p=12, σ ≈ 1.6 %)', () => {
    const c = new UserCounter();
    for (let i = 0; i < 50_000; i++) c.add(`user-${i}@example.com`);
    for (let i = 0; i < 50_000; i += 7) c.add(`user-${i}@example.com`);
    expect(c.isExact).toBe(false);
    expect(Math.abs(c.count() - 50_000) / 50_000).toBeLessThan(0.05);
  });

  it('unions exact and approximate counters', () => {
    const a = new UserCounter();
    const b = new UserCounter();
    for (let i = 0; i < 3000; i++) a.add(`u${i}`);
    for (let i = 2000; i < 2500; i++) b.add(`u${i}`);
    for (let i = 5000; i < 5100; i++) b.add(`u${i}`);
    const u = new UserCounter();
    u.merge(b);
    u.merge(a);
    expect(Math.abs(u.count() - 3100) / 3100).toBeLessThan(0.05);
  });

  it('keeps HyperLogLog accurate across magnitudes', () => {
    for (const n of [10, 1000, 20_000, 200_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.add(`id:${i}`);
      expect(Math.abs(h.count() - n) / n).toBeLessThan(0.05);
    }
  });
});
