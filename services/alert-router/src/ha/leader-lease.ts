// Leadership through a lease row in PostgreSQL. One replica at a time holds the lease and does
// everything that must happen once: consuming issue activity, running the rule engine and flushing
// aggregation groups. The others serve the API and wait. A replica that dies (even with -9) stops
// renewing; its lease expires after the TTL and a standby takes it over with a higher token, which
// fences the old holder's notification-log writes.
import type { DataSource } from 'typeorm';

/** The current holding: who and which generation. */
export interface LeaseFence {
  readonly holder: string;
  readonly token: string;
}

/** Tries to take or renew the lease; returns the token when held, undefined otherwise. */
export async function tryAcquireLease(ds: DataSource, holder: string, ttlMs: number): Promise<string | undefined> {
  const rows = (await ds.query(
    `INSERT INTO alert_router_lease AS l (name, holder, token, expires_at) VALUES ('leader', $1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
       token = CASE WHEN l.holder = EXCLUDED.holder THEN l.token ELSE l.token + 1 END
     WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
     RETURNING token::text AS token`,
    [holder, ttlMs / 1000],
  )) as { token: string }[];
  return rows[0]?.token;
}

/** Gives the lease up at once (graceful shutdown), so a standby need not wait for the TTL. */
export async function releaseLease(ds: DataSource, fence: LeaseFence): Promise<void> {
  await ds.query(`UPDATE alert_router_lease SET expires_at = now() - interval '1 second' WHERE name = 'leader' AND holder = $1 AND token = $2`, [fence.holder, fence.token]);
}

/**
 * Keeps trying to hold the lease. While held, renews every TTL/3 and considers itself leader only
 * until TTL/2 after the last successful renewal (so it steps down before anyone else may take over).
 */
export class LeaderLease {
  private timer?: NodeJS.Timeout;
  private fence?: LeaseFence;
  private validUntil = 0;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly onAcquired: (fence: LeaseFence) => void,
    private readonly onLost: (reason: string) => void,
  ) {}

  /** Starts competing for the lease. */
  start(): void {
    void this.round();
  }

  /** The fence while leader (and the lease is fresh), else undefined. */
  current(): LeaseFence | undefined {
    return this.fence && Date.now() < this.validUntil ? this.fence : undefined;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    try {
      const token = await tryAcquireLease(this.ds, this.holder, this.ttlMs);
      if (token !== undefined && this.fence && token !== this.fence.token) {
        // Someone else held it in between (the token moved on): our state is stale.
        this.lose('the lease was held by another replica in between');
      } else if (token !== undefined) {
        // A late renewal that still finds the lease ours (same token) means nobody took over.
        this.validUntil = started + this.ttlMs / 2;
        if (!this.fence) {
          this.fence = { holder: this.holder, token };
          this.onAcquired(this.fence);
        }
      } else if (this.fence) {
        this.lose('the lease was taken over');
      }
    } catch (e) {
      // PostgreSQL unreachable: keep going while the lease is surely ours, then step down.
      if (this.fence && Date.now() >= this.validUntil) this.lose(`lease renewal failed: ${String(e)}`);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.round(), this.ttlMs / (this.fence ? 3 : 5));
  }

  private lose(reason: string): void {
    this.fence = undefined;
    this.onLost(reason);
  }

  /** Stops competing and, if leader, releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const fence = this.fence;
    this.fence = undefined;
    if (fence) await releaseLease(this.ds, fence).catch(() => undefined);
  }
}
