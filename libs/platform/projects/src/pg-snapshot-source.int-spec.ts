import { createPgPool, pgPoolReadiness } from '@faultline/platform-persistence/pg';
import type pg from 'pg';

import { openProjectsSchema, type ProjectsSchema } from '../test/projects-schema.js';
import { PgSnapshotSource, ProjectKeyCache } from './cache.js';

describe('PgSnapshotSource (plain SQL, against PostgreSQL)', () => {
  let db: ProjectsSchema;
  let pool: pg.Pool;

  beforeEach(async () => {
    db = await openProjectsSchema();
    pool = createPgPool({ url: db.schema.url, schema: db.schema.schema, poolSize: 2 });
  });

  afterEach(async () => {
    await pool.end();
    await db.close();
  });

  it('reads exactly the snapshot the TypeORM store reads: every field, revoked and disabled keys, origins, filters', async () => {
    await db.store.createProject({ slug: 'web', githubRepo: 'acme/web' });
    await db.store.createProject({ slug: 'api' });
    await db.store.updateProject('api', { enabled: false, allowedOrigins: ['https://a.example'], storeIp: true, rateLimitPerMinute: 600, inboundFilters: { browserExtensions: true } });
    const limited = await db.store.createKey('web', { label: 'limited', rateLimitPerSecond: 5, rateLimitPerMinute: 100, burst: 10, allowedOrigins: ['https://shop.example'] });
    const revoked = await db.store.createKey('web', { label: 'old' });
    await db.store.revokeKey(revoked.publicKey);
    await db.store.setKeyEnabled(limited.publicKey, false);

    const viaSql = await new PgSnapshotSource(pool).loadSnapshot();
    const viaOrm = await db.store.loadSnapshot();
    // Ingest never reads the PII overrides (enrichment does), so its snapshot leaves them out: an
    // ingest replica upgraded before the migration ran still loads its keys.
    expect(viaSql).toEqual({ ...viaOrm, projects: viaOrm.projects.map(({ piiSettings: _, ...p }) => p) });
    expect(viaSql.projects).toHaveLength(2);
    expect(viaSql.keys).toHaveLength(4);
    expect(viaSql.keys.find((k) => k.publicKey === revoked.publicKey)?.revokedAt).toBeInstanceOf(Date);
  });

  it('feeds the key cache, and the pool readiness check fails with the reason when PostgreSQL cannot be reached', async () => {
    const { key } = await db.store.createProject({ slug: 'web' });
    const cache = new ProjectKeyCache(new PgSnapshotSource(pool), { refreshMs: 100 });
    await cache.start();
    try {
      expect(cache.lookup(key.publicKey)?.status).toBe('active');
    } finally {
      cache.stop();
    }
    await expect(pgPoolReadiness(pool).check()).resolves.toBeUndefined();
    const unreachable = createPgPool({ url: 'postgres://postgres@127.0.0.1:1/none', connectTimeoutMs: 500 });
    await expect(pgPoolReadiness(unreachable, { timeoutMs: 2000 }).check()).rejects.toThrow(/PostgreSQL is not reachable/);
    await unreachable.end();
  });
});
