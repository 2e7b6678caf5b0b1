// In-memory rate limits per public key (per second with a burst, per minute) and per
// project (per minute). Each replica enforces limit / INGEST_REPLICAS: the load balancer
// spreads requests evenly, so the sum over replicas approximates the configured limit
// with no shared state and no network round trip on the hot path. (A NATS KV counter
// would be exact, at the price of a round trip per event.)
import { DiscardReason } from '@faultline/contracts';

/** The limits that apply to one request. */
export interface RateLimits {
  key: string;
  project: string;
  keyPerSecond: number | null;
  keyBurst: number | null;
  keyPerMinute: number | null;
  projectPerMinute: number | null;
}

/** Why a request was refused, and for how long the client should stop. */
export interface RateLimitDecision {
  retryAfterSeconds: number;
  scope: 'key' | 'project';
  reason: DiscardReason;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

interface Window {
  start: number;
  count: number;
}

/** Token buckets and minute windows, with the clock injected for tests. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly replicas = 1,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one event from every applicable limit, or says which limit refused it. */
  take(limits: RateLimits): RateLimitDecision | undefined {
    const now = this.now();
    if (limits.keyPerSecond !== null) {
      const rate = limits.keyPerSecond / this.replicas;
      const burst = Math.max(1, (limits.keyBurst ?? limits.keyPerSecond) / this.replicas);
      const wait = this.bucket(`k:${limits.key}`, rate, burst, now);
      if (wait > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1_000)), scope: 'key', reason: DiscardReason.RATE_LIMITED_KEY };
    }
    if (limits.keyPerMinute !== null) {
      const wait = this.window(`km:${limits.key}`, limits.keyPerMinute / this.replicas, now);
      if (wait > 0) return { retryAfterSeconds: Math.ceil(wait / 1_000), scope: 'key', reason: DiscardReason.RATE_LIMITED_KEY };
    }
    if (limits.projectPerMinute !== null) {
      const wait = this.window(`pm:${limits.project}`, limits.projectPerMinute / this.replicas, now);
      if (wait > 0) return { retryAfterSeconds: Math.ceil(wait / 1_000), scope: 'project', reason: DiscardReason.RATE_LIMITED_PROJECT };
    }
    return undefined;
  }

  /** Milliseconds until a token is available, or 0 after taking one. */
  private bucket(id: string, perSecond: number, burst: number, now: number): number {
    const b = this.buckets.get(id) ?? { tokens: burst, updatedAt: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.updatedAt) / 1_000) * perSecond);
    b.updatedAt = now;
    this.buckets.set(id, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return perSecond > 0 ? ((1 - b.tokens) / perSecond) * 1_000 : 60_000;
  }

  /** Milliseconds until the current minute window ends if it is full, or 0 after counting one. */
  private window(id: string, perMinute: number, now: number): number {
    const start = now - (now % 60_000);
    const w = this.windows.get(id);
    const current = w && w.start === start ? w : { start, count: 0 };
    this.windows.set(id, current);
    if (current.count + 1 > Math.max(1, Math.floor(perMinute))) return start + 60_000 - now;
    current.count += 1;
    return 0;
  }
}
