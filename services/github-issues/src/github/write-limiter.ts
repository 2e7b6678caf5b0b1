// The request budget of each GitHub installation (or token), shared by every replica through
// PostgreSQL: content-creating requests are spaced to at most GITHUB_CONTENT_PER_MINUTE per
// minute and GITHUB_CONTENT_PER_HOUR per sliding hour, and a rate-limit answer from GitHub blocks
// every request of the installation until GitHub's reset. A wait longer than GITHUB_MAX_INLINE_WAIT
// is not waited out in-process: the caller gets GitHubThrottledError and the message is nak'ed.
import type { DataSource } from 'typeorm';
import { rowsOf } from '../links/sql.js';
import { GitHubThrottledError } from './github-api.js';
import type { GitHubMetrics } from '../github-metrics.js';

/** Limits of one installation. */
export interface WriteLimits {
  perMinute: number;
  perHour: number;
  maxInlineWaitMs: number;
  secondaryBackoffMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL-backed request budget per installation. */
export class WriteLimiter {
  constructor(
    private readonly ds: DataSource,
    private readonly limits: WriteLimits,
    private readonly metrics?: GitHubMetrics,
  ) {}

  /**
   * Milliseconds between two content-creating requests of one installation: 1% above 60 s / limit,
   * so that network jitter between reserving a slot and GitHub receiving the request cannot put
   * one request too many into a minute.
   */
  get spacingMs(): number {
    return Math.ceil((60_000 / this.limits.perMinute) * 1.01);
  }

  /** Waits until `scope` may send a request (a write reserves its slot), or throws GitHubThrottledError. */
  async acquire(scope: string, write: boolean): Promise<void> {
    // The whole in-process wait is bounded, not each step of it.
    const deadline = Date.now() + this.limits.maxInlineWaitMs;
    for (;;) {
      const wait = await this.reserve(scope, write, Math.max(0, deadline - Date.now()));
      if (wait.kind === 'go') {
        if (wait.ms > 0) {
          this.metrics?.writeWait.observe(wait.ms / 1000);
          await sleep(wait.ms);
        }
        return;
      }
      if (Date.now() + wait.ms > deadline) {
        this.metrics?.throttled.inc({ reason: wait.reason });
        throw new GitHubThrottledError(wait.ms, wait.reason);
      }
      await sleep(wait.ms);
    }
  }

  /** Blocks every request of `scope` for `ms` (GitHub said so); repeated secondary limits back off further. */
  async block(scope: string, ms: number | 'secondary', reason: string): Promise<number> {
    this.metrics?.throttled.inc({ reason });
    const rows = await rowsOf(this.ds, 
      `INSERT INTO github_rate_state AS s (scope, blocked_until, secondary_strikes)
         VALUES ($1, clock_timestamp() + make_interval(secs => $2::float8 / 1000), CASE WHEN $3 THEN 1 ELSE 0 END)
       ON CONFLICT (scope) DO UPDATE SET
         secondary_strikes = CASE WHEN $3 THEN least(s.secondary_strikes + 1, 5) ELSE s.secondary_strikes END,
         blocked_until = greatest(s.blocked_until, clock_timestamp() + make_interval(secs =>
           (CASE WHEN $3 THEN $2::float8 * power(2, least(s.secondary_strikes, 4)) ELSE $2::float8 END) / 1000))
       RETURNING extract(epoch FROM blocked_until - clock_timestamp()) * 1000 AS ms`,
      [scope, ms === 'secondary' ? this.limits.secondaryBackoffMs : Math.max(0, ms), ms === 'secondary'],
    );
    return Math.max(0, Math.ceil(Number(rows[0]!.ms)));
  }

  /** Forgets earlier secondary-limit strikes after a successful write. */
  async succeeded(scope: string): Promise<void> {
    await rowsOf(this.ds, `UPDATE github_rate_state SET secondary_strikes = 0 WHERE scope = $1 AND secondary_strikes > 0`, [scope]);
  }

  private async reserve(scope: string, write: boolean, maxWaitMs: number): Promise<{ kind: 'go'; ms: number } | { kind: 'wait'; ms: number; reason: string }> {
    return this.ds.transaction(async (m) => {
      await rowsOf(m, `INSERT INTO github_rate_state (scope) VALUES ($1) ON CONFLICT (scope) DO NOTHING`, [scope]);
      const [state] = (await rowsOf(m, 
        `SELECT extract(epoch FROM clock_timestamp()) * 1000 AS now,
                extract(epoch FROM blocked_until) * 1000 AS blocked,
                extract(epoch FROM next_write_at) * 1000 AS next
           FROM github_rate_state WHERE scope = $1 FOR UPDATE`,
        [scope],
      )) as { now: string; blocked: string | null; next: string | null }[];
      const now = Number(state!.now);
      const blocked = state!.blocked === null ? 0 : Number(state!.blocked);
      if (blocked > now) return { kind: 'wait', ms: Math.ceil(blocked - now), reason: 'github_limit' };
      if (!write) return { kind: 'go', ms: 0 };
      await rowsOf(m, `DELETE FROM github_write_log WHERE scope = $1 AND at < clock_timestamp() - interval '1 hour'`, [scope]);
      const hour = (await rowsOf(m, 
        `SELECT extract(epoch FROM at) * 1000 AS at FROM github_write_log WHERE scope = $1 ORDER BY at DESC OFFSET $2 LIMIT 1`,
        [scope, this.limits.perHour - 1],
      )) as { at: string }[];
      if (hour.length > 0) {
        const freeAt = Number(hour[0]!.at) + 3_600_000;
        if (freeAt > now) return { kind: 'wait', ms: Math.ceil(freeAt - now), reason: 'content_per_hour' };
      }
      const slot = Math.max(now, state!.next === null ? 0 : Number(state!.next));
      const ms = Math.ceil(slot - now);
      if (ms > maxWaitMs) return { kind: 'wait', ms, reason: 'content_per_minute' };
      await rowsOf(m, 
        `UPDATE github_rate_state SET next_write_at = to_timestamp($2::float8 / 1000) WHERE scope = $1`,
        [scope, slot + this.spacingMs],
      );
      await rowsOf(m, `INSERT INTO github_write_log (scope, at) VALUES ($1, to_timestamp($2::float8 / 1000))`, [scope, slot]);
      return { kind: 'go', ms };
    });
  }
}
