import { BUCKET_MS } from './group-window.js';
import { WindowStore } from './window-store.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const HOUR = 3600_000;

describe('WindowStore', () => {
  it('counts events and users over a window and ignores a redelivered event id', () => {
    const s = new WindowStore({ retentionMs: HOUR });
    expect(s.add('g', T0, 'e1', 'u1', T0)).toBe(true);
    expect(s.add('g', T0, 'e1', 'u1', T0)).toBe(false);
    expect(s.add('g', T0 + BUCKET_MS, 'e2', 'u1', T0 + BUCKET_MS)).toBe(true);
    expect(s.add('g', T0 + 2 * BUCKET_MS, 'e3', 'u2', T0 + 2 * BUCKET_MS)).toBe(true);
    expect(s.counts('g', T0 - HOUR, T0 + 2 * BUCKET_MS)).toEqual({ events: 3, users: 2 });
    expect(s.counts('g', T0 + BUCKET_MS, T0 + 2 * BUCKET_MS)).toEqual({ events: 2, users: 2 });
  });

  it('counts 50,000 distinct users spread over 50 minutes within 5 %', () => {
    const s = new WindowStore({ retentionMs: HOUR, maxEventIds: 100 });
    for (let i = 0; i < 50_000; i++) {
      const at = T0 + Math.floor(i / 1000) * BUCKET_MS;
      s.add('g', at, `e${i}`, `user-${i}`, at);
    }
    const { events, users } = s.counts('g', T0 - 1, T0 + HOUR);
    expect(events).toBe(50_000);
    expect(Math.abs(users - 50_000) / 50_000).toBeLessThan(0.05);
  });

  it('skips events and snapshot buckets older than the retention, and prunes idle groups', () => {
    const s = new WindowStore({ retentionMs: HOUR });
    expect(s.add('g', T0 - 2 * HOUR, 'old', undefined, T0)).toBe(false);
    s.restore({ groupId: 'h', buckets: [{ start: new Date(T0 - 2 * HOUR), events: 5 }, { start: new Date(T0 - BUCKET_MS), events: 2 }] }, T0);
    expect(s.counts('h', T0 - HOUR, T0).events).toBe(2);
    s.prune(T0 + 2 * HOUR);
    expect(s.size).toBe(0);
  });

  it('keeps at most maxGroups, evicting the least recently touched', () => {
    const s = new WindowStore({ retentionMs: HOUR, maxGroups: 2 });
    s.add('a', T0, 'e1', undefined, T0);
    s.add('b', T0, 'e2', undefined, T0);
    s.add('a', T0, 'e3', undefined, T0);
    s.add('c', T0, 'e4', undefined, T0);
    expect(s.groupIds()).toEqual(['a', 'c']);
  });
});

describe('takeChanged', () => {
  it('snapshots the groups that counted events since the last call, and restores into equal counts', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const a = new WindowStore({ retentionMs: 3600_000 });
    a.add('g1', now - 120_000, 'e1', 'u1', now);
    a.add('g1', now - 1_000, 'e2', 'u2', now);
    a.add('g2', now - 1_000, 'e3', undefined, now);
    const first = a.takeChanged();
    expect(first.map((s) => s.groupId).sort()).toEqual(['g1', 'g2']);
    expect(a.takeChanged()).toEqual([]);
    a.add('g1', now, 'e2', 'u2', now); // a redelivery changes nothing
    expect(a.takeChanged()).toEqual([]);
    const b = new WindowStore({ retentionMs: 3600_000 });
    for (const s of first) b.restore(s, now);
    expect(b.counts('g1', now - 3600_000, now)).toEqual(a.counts('g1', now - 3600_000, now));
    expect(b.counts('g1', now - 3600_000, now)).toEqual({ events: 2, users: 2 });
  });
});
