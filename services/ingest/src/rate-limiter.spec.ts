import { DiscardReason } from '@faultline/contracts';
import { RateLimiter, type RateLimits } from './rate-limiter.js';

const none: RateLimits = { key: 'k', project: '1', keyPerSecond: null, keyBurst: null, keyPerMinute: null, projectPerMinute: null };

describe('RateLimiter', () => {
  it('allows a burst, then refuses until tokens refill', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(1, () => now);
    const limits = { ...none, keyPerSecond: 2, keyBurst: 4 };
    expect([1, 2, 3, 4].map(() => limiter.take(limits))).toEqual([undefined, undefined, undefined, undefined]);
    expect(limiter.take(limits)).toEqual({ retryAfterSeconds: 1, scope: 'key', reason: DiscardReason.RATE_LIMITED_KEY });
    now += 500; // one token back at 2/s
    expect(limiter.take(limits)).toBeUndefined();
    expect(limiter.take(limits)).toBeDefined();
  });

  it('counts per-minute windows for keys and projects, with Retry-After up to the window end', () => {
    let now = 60_000 * 1_000 + 15_000;
    const limiter = new RateLimiter(1, () => now);
    const limits = { ...none, projectPerMinute: 3 };
    for (let i = 0; i < 3; i++) expect(limiter.take(limits)).toBeUndefined();
    expect(limiter.take(limits)).toEqual({ retryAfterSeconds: 45, scope: 'project', reason: DiscardReason.RATE_LIMITED_PROJECT });
    now += 45_000;
    expect(limiter.take(limits)).toBeUndefined();
  });

  it('divides limits by the number of replicas', () => {
    const limiter = new RateLimiter(2, () => 0);
    const limits = { ...none, keyPerMinute: 10 };
    const allowed = Array.from({ length: 10 }, () => limiter.take(limits)).filter((d) => d === undefined).length;
    expect(allowed).toBe(5);
  });

  it('applies no limit when none is configured', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 1_000; i++) expect(limiter.take(none)).toBeUndefined();
  });
});
