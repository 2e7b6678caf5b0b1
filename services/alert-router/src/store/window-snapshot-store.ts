// The rule engine's window counts in PostgreSQL: the leader writes the groups that changed every
// tick, and a new leader (or a restarted one) seeds its engine from them, so frequency, users and
// spike rules do not start from zero after a hand-over. Loss is bounded by one tick interval.
import { type GroupSnapshot } from '@faultline/alert-rules';
import type { DataSource } from 'typeorm';

interface Row {
  group_id: string;
  buckets: { start: string; events: number; users?: string[] }[];
}

/** Reads and writes `alert_router_windows`. */
export class WindowSnapshotStore {
  constructor(private readonly ds: DataSource) {}

  /** Upserts snapshots, 1,000 per statement. */
  async put(snapshots: readonly GroupSnapshot[]): Promise<void> {
    for (let i = 0; i < snapshots.length; i += 1_000) {
      const chunk = snapshots.slice(i, i + 1_000).map((s) => ({
        group_id: s.groupId, buckets: s.buckets.map((b) => ({ start: b.start.toISOString(), events: b.events, ...(b.users ? { users: b.users } : {}) })),
      }));
      await this.ds.query(
        `INSERT INTO alert_router_windows (group_id, buckets, updated_at)
         SELECT x.group_id, x.buckets, now() FROM jsonb_to_recordset($1::jsonb) AS x(group_id text, buckets jsonb)
         ON CONFLICT (group_id) DO UPDATE SET buckets = EXCLUDED.buckets, updated_at = now()`,
        [JSON.stringify(chunk)],
      );
    }
  }

  /** Snapshots written within `retentionMs`. */
  async load(retentionMs: number): Promise<GroupSnapshot[]> {
    const rows = (await this.ds.query(`SELECT group_id, buckets FROM alert_router_windows WHERE updated_at > now() - make_interval(secs => $1)`, [retentionMs / 1000])) as Row[];
    return rows.map((r) => ({ groupId: r.group_id, buckets: r.buckets.map((b) => ({ start: new Date(b.start), events: b.events, ...(b.users ? { users: b.users } : {}) })) }));
  }

  /** Deletes snapshots older than `retentionMs`. */
  async gc(retentionMs: number): Promise<void> {
    await this.ds.query(`DELETE FROM alert_router_windows WHERE updated_at < now() - make_interval(secs => $1)`, [retentionMs / 1000]);
  }
}
