import { type AggregationGroup } from '@faultline/routing';
import { DueQueue } from './due-queue.js';

// A stand-in group: only nextFlushAt() matters to the queue.
const group = (at: number) => {
  const g = { at, nextFlushAt: () => new Date(g.at) };
  return g as typeof g & AggregationGroup;
};

describe('DueQueue', () => {
  it('returns due groups earliest first and re-indexes moved ones', () => {
    const q = new DueQueue();
    const [a, b, c] = [group(30), group(10), group(20)];
    for (const g of [a, b, c]) q.track(g);
    expect(q.next()).toBe(10);
    a.at = 5; // moved earlier (an old alert arrived)
    q.track(a);
    expect(q.takeDue(20)).toEqual([a, b, c]);
    expect(q.next()).toBeUndefined();
    b.at = 100;
    q.track(b);
    q.track(b);
    expect(q.size).toBe(1);
    expect(q.takeDue(99)).toEqual([]);
    expect(q.takeDue(100)).toEqual([b]);
  });

  it('orders many random entries', () => {
    const q = new DueQueue();
    const groups = Array.from({ length: 500 }, (_, i) => group((i * 7919) % 1000));
    groups.forEach((g) => q.track(g));
    const out = q.takeDue(10_000).map((g) => g.nextFlushAt().getTime());
    expect(out).toEqual([...out].sort((x, y) => x - y));
    expect(out).toHaveLength(500);
  });
});
