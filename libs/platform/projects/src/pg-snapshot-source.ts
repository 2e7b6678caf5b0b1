// The ingest cache's snapshot read with plain SQL on a node-postgres pool: the same records as
// ProjectsStore.loadSnapshot(), without TypeORM in the process. Exported, with the cache, as
// `@faultline/platform-projects/cache`.
import type pg from 'pg';
import type { SnapshotSource } from './project-key-cache.js';
import type { ProjectsSnapshot } from './projects-store.js';
import type { ProjectKeyRecord, ProjectRecord } from './records.js';

interface ProjectRow {
  id: number;
  slug: string;
  name: string;
  enabled: boolean;
  github_repo: string | null;
  allowed_origins: string[];
  store_ip: boolean;
  inbound_filters: Record<string, unknown> | null;
  rate_limit_per_minute: number | null;
  created_at: Date;
}

interface KeyRow {
  public_key: string;
  project_id: number;
  label: string;
  enabled: boolean;
  rate_limit_per_second: number | null;
  rate_limit_per_minute: number | null;
  burst: number | null;
  allowed_origins: string[] | null;
  created_at: Date;
  revoked_at: Date | null;
}

/** Reads every project and key in one REPEATABLE READ transaction (a key never appears without its project). */
export class PgSnapshotSource implements SnapshotSource {
  constructor(private readonly pool: pg.Pool) {}

  async loadSnapshot(): Promise<ProjectsSnapshot> {
    const client = await this.pool.connect();
    let failed = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const projects = await client.query<ProjectRow>(
        `SELECT id, slug, name, enabled, github_repo, allowed_origins, store_ip, inbound_filters, rate_limit_per_minute, created_at
           FROM projects ORDER BY id`,
      );
      const keys = await client.query<KeyRow>(
        `SELECT public_key, project_id, label, enabled, rate_limit_per_second, rate_limit_per_minute, burst, allowed_origins, created_at, revoked_at
           FROM project_keys ORDER BY created_at`,
      );
      await client.query('COMMIT');
      return { projects: projects.rows.map(projectRecord), keys: keys.rows.map(keyRecord) };
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // A connection that failed mid-transaction is discarded rather than reused.
      client.release(failed);
    }
  }
}

function projectRecord(r: ProjectRow): ProjectRecord {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    enabled: r.enabled,
    githubRepo: r.github_repo,
    allowedOrigins: [...r.allowed_origins],
    storeIp: r.store_ip,
    inboundFilters: { ...(r.inbound_filters ?? {}) },
    rateLimitPerMinute: r.rate_limit_per_minute,
    createdAt: r.created_at,
  };
}

function keyRecord(r: KeyRow): ProjectKeyRecord {
  return {
    // The column is char(32): no padding to trim for a 32-character key, but be exact anyway.
    publicKey: r.public_key.trimEnd(),
    projectId: r.project_id,
    label: r.label,
    enabled: r.enabled,
    rateLimitPerSecond: r.rate_limit_per_second,
    rateLimitPerMinute: r.rate_limit_per_minute,
    burst: r.burst,
    allowedOrigins: r.allowed_origins === null ? null : [...r.allowed_origins],
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}
