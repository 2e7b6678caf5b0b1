// The alerts the router holds (rule alerts and alerts posted to the API), in PostgreSQL. Written
// before the message or request that produced them is acknowledged; every replica follows the
// table by revision, so a new leader (or the API of a standby) sees every alert.
import { type Alert, fingerprint } from '@faultline/routing';
import type { DataSource } from 'typeorm';
import { WriteBatcher } from './write-batcher.js';

/** An alert as stored: where it came from decides how it is restored. */
export interface StoredAlert extends Alert {
  /** Alertmanager fingerprint of the labels. */
  readonly fingerprint: string;
  /** Rule name for rule alerts; undefined for alerts posted to the API. */
  readonly rule?: string;
  /** The group's last activity (canonical proto3 JSON) for rule alerts. */
  readonly activity?: unknown;
}

interface Row {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  starts_at: Date;
  ends_at: Date | null;
  updated_at: Date;
  generator_url: string;
  rule: string | null;
  activity: unknown;
  rev: string;
}

function fromRow(r: Row): StoredAlert {
  return {
    fingerprint: r.fingerprint, labels: r.labels, annotations: r.annotations, startsAt: new Date(r.starts_at),
    ...(r.ends_at ? { endsAt: new Date(r.ends_at) } : {}), updatedAt: new Date(r.updated_at), generatorURL: r.generator_url,
    ...(r.rule !== null ? { rule: r.rule } : {}), ...(r.activity !== null ? { activity: r.activity } : {}),
  };
}

// One statement cannot update a row twice (ON CONFLICT), so a batch keeps each alert's last version.
function latestPerFingerprint(items: readonly StoredAlert[]): StoredAlert[] {
  return [...new Map(items.map((a) => [a.fingerprint, a])).values()];
}

/** Makes a StoredAlert from an Alert. */
export function storedAlert(a: Alert, extra: { rule?: string; activity?: unknown } = {}): StoredAlert {
  return { ...a, fingerprint: fingerprint(a.labels), ...extra };
}

/** Reads and writes `alert_router_alerts`. */
export class AlertStore {
  private readonly batcher = new WriteBatcher<StoredAlert, void>((items) => this.upsert(latestPerFingerprint(items)));

  constructor(private readonly ds: DataSource) {}

  /** Upserts alerts, batched with the other writes of the same event-loop turn; resolves once committed. */
  async put(alerts: readonly StoredAlert[]): Promise<void> {
    if (alerts.length > 0) await this.batcher.add(alerts);
  }

  private async upsert(alerts: readonly StoredAlert[]): Promise<void> {
    await this.ds.query(
      `INSERT INTO alert_router_alerts AS a (fingerprint, labels, annotations, starts_at, ends_at, updated_at, generator_url, rule, activity)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(fingerprint char(16), labels jsonb, annotations jsonb, starts_at timestamptz,
         ends_at timestamptz, updated_at timestamptz, generator_url text, rule text, activity jsonb)
       ON CONFLICT (fingerprint) DO UPDATE SET labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, starts_at = EXCLUDED.starts_at,
         ends_at = EXCLUDED.ends_at, updated_at = EXCLUDED.updated_at, generator_url = EXCLUDED.generator_url,
         rule = COALESCE(EXCLUDED.rule, a.rule), activity = COALESCE(EXCLUDED.activity, a.activity), rev = nextval('alert_router_alerts_rev')
       `,
      [JSON.stringify(alerts.map((a) => ({
        fingerprint: a.fingerprint, labels: a.labels, annotations: a.annotations, starts_at: a.startsAt.toISOString(),
        ends_at: a.endsAt?.toISOString() ?? null, updated_at: a.updatedAt.toISOString(), generator_url: a.generatorURL,
        rule: a.rule ?? null, activity: a.activity ?? null,
      })))],
    );
  }

  /** Alerts written after revision `rev` (all when 0), with the highest revision seen. */
  async since(rev: bigint, limit: number): Promise<{ alerts: StoredAlert[]; rev: bigint }> {
    const rows = (await this.ds.query(`SELECT * FROM alert_router_alerts WHERE rev > $1 ORDER BY rev LIMIT $2`, [rev.toString(), limit])) as Row[];
    return { alerts: rows.map(fromRow), rev: rows.reduce((m, r) => (BigInt(r.rev) > m ? BigInt(r.rev) : m), rev) };
  }

  /** Deletes alerts resolved for longer than `retentionMs`. */
  async gc(retentionMs: number): Promise<number> {
    const rows = (await this.ds.query(`DELETE FROM alert_router_alerts WHERE ends_at < now() - make_interval(secs => $1) RETURNING 1`, [retentionMs / 1000])) as unknown[];
    return rows.length;
  }
}
