// The notification log (`nflog`) in PostgreSQL: what was last sent per receiver integration and
// group key. A new leader reads it, so a hand-over neither repeats nor forgets notifications.
import { type NotificationLogEntry } from '@faultline/routing';
import type { DataSource } from 'typeorm';
import { WriteBatcher } from './write-batcher.js';

interface Row {
  receiver: string;
  group_key: string;
  firing: string[];
  resolved: string[];
  sent_at: Date;
}

interface Item {
  receiver: string;
  groupKey: string;
  entry: NotificationLogEntry;
  fence: { holder: string; token: string };
}

/** Reads and writes `alert_router_nflog`. Receiver keys are `<receiver>/<integration>/<index>`. */
export class NflogStore {
  private readonly batcher = new WriteBatcher<Item, boolean>((items) => this.write(items));

  constructor(private readonly ds: DataSource) {}

  /** Every entry, keyed `<receiver key>\u0000<group key>`. */
  async loadAll(): Promise<Map<string, NotificationLogEntry>> {
    const rows = (await this.ds.query(`SELECT * FROM alert_router_nflog`)) as Row[];
    return new Map(rows.map((r) => [`${r.receiver}\u0000${r.group_key}`, { firingAlerts: r.firing, resolvedAlerts: r.resolved, timestamp: new Date(r.sent_at) }]));
  }

  /**
   * Records a sent notification, but only while `fence` (the lease) is still held: a replica that
   * lost its lease must not overwrite what the new leader logs. Records of one event-loop turn are
   * written in one statement.
   */
  async record(receiver: string, groupKey: string, entry: NotificationLogEntry, fence: { holder: string; token: string }): Promise<boolean> {
    return this.batcher.add([{ receiver, groupKey, entry, fence }]);
  }

  private async write(items: Item[]): Promise<boolean> {
    const fence = items[items.length - 1]!.fence;
    const latest = [...new Map(items.map((i) => [`${i.receiver}\u0000${i.groupKey}`, i])).values()];
    const rows = (await this.ds.query(
      `INSERT INTO alert_router_nflog (receiver, group_key, firing, resolved, sent_at)
       SELECT x.receiver, x.group_key, ARRAY(SELECT jsonb_array_elements_text(x.firing)), ARRAY(SELECT jsonb_array_elements_text(x.resolved)), x.sent_at
       FROM jsonb_to_recordset($1::jsonb) AS x(receiver text, group_key text, firing jsonb, resolved jsonb, sent_at timestamptz)
       WHERE EXISTS (SELECT 1 FROM alert_router_lease WHERE name = 'leader' AND holder = $2 AND token = $3)
       ON CONFLICT (receiver, group_key) DO UPDATE SET firing = EXCLUDED.firing, resolved = EXCLUDED.resolved, sent_at = EXCLUDED.sent_at
       RETURNING 1`,
      [JSON.stringify(latest.map((i) => ({
        receiver: i.receiver, group_key: i.groupKey, firing: i.entry.firingAlerts, resolved: i.entry.resolvedAlerts, sent_at: i.entry.timestamp.toISOString(),
      }))), fence.holder, fence.token],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Deletes entries older than `retentionMs` (Alertmanager keeps its log for the same time). */
  async gc(retentionMs: number): Promise<void> {
    await this.ds.query(`DELETE FROM alert_router_nflog WHERE sent_at < now() - make_interval(secs => $1)`, [retentionMs / 1000]);
  }
}
