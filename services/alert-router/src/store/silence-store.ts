// Silences in PostgreSQL: every replica writes here and re-reads the table, so a silence added
// through any replica's API mutes notifications on the leader, and survives restarts.
import { type Silence } from '@faultline/routing';
import type { DataSource } from 'typeorm';
import { type ApiMatcher, toMatcher } from './api-matchers.js';

/** A stored silence: the routing Silence plus what the API shows. */
export interface StoredSilence extends Silence {
  /** The matchers in API form, as stored. */
  readonly apiMatchers: readonly ApiMatcher[];
  /** Last change. */
  readonly updatedAt: Date;
}

interface Row {
  id: string;
  matchers: ApiMatcher[];
  starts_at: Date;
  ends_at: Date;
  created_by: string;
  comment: string;
  updated_at: Date;
}

function fromRow(r: Row): StoredSilence {
  return {
    id: r.id, apiMatchers: r.matchers, matchers: r.matchers.map(toMatcher), startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at),
    createdBy: r.created_by, comment: r.comment, updatedAt: new Date(r.updated_at),
  };
}

/** Reads and writes `alert_router_silences`. */
export class SilenceStore {
  constructor(private readonly ds: DataSource) {}

  /** Every silence not expired for longer than `retentionMs`. */
  async list(retentionMs: number): Promise<StoredSilence[]> {
    const rows = (await this.ds.query(`SELECT * FROM alert_router_silences WHERE ends_at > now() - make_interval(secs => $1) ORDER BY starts_at, id`, [retentionMs / 1000])) as Row[];
    return rows.map(fromRow);
  }

  /** Every stored silence, expired ones included. */
  async listAll(): Promise<StoredSilence[]> {
    const rows = (await this.ds.query(`SELECT * FROM alert_router_silences ORDER BY starts_at, id`)) as Row[];
    return rows.map(fromRow);
  }

  /** One silence, or undefined. */
  async get(id: string): Promise<StoredSilence | undefined> {
    const rows = (await this.ds.query(`SELECT * FROM alert_router_silences WHERE id = $1`, [id])) as Row[];
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Inserts or replaces a silence. */
  async put(s: { id: string; matchers: readonly ApiMatcher[]; startsAt: Date; endsAt: Date; createdBy: string; comment: string }): Promise<void> {
    await this.ds.query(
      `INSERT INTO alert_router_silences (id, matchers, starts_at, ends_at, created_by, comment, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (id) DO UPDATE SET matchers = EXCLUDED.matchers, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
         created_by = EXCLUDED.created_by, comment = EXCLUDED.comment, updated_at = now()`,
      [s.id, JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.createdBy, s.comment],
    );
  }

  /** Number of silences that are not expired. */
  async countUnexpired(): Promise<number> {
    const rows = (await this.ds.query(`SELECT count(*)::int AS n FROM alert_router_silences WHERE ends_at > now()`)) as { n: number }[];
    return rows[0]!.n;
  }

  /** Deletes silences expired for longer than `retentionMs`. */
  async gc(retentionMs: number): Promise<void> {
    await this.ds.query(`DELETE FROM alert_router_silences WHERE ends_at < now() - make_interval(secs => $1)`, [retentionMs / 1000]);
  }
}
