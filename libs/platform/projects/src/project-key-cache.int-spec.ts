import { waitFor } from '@faultline/platform-testing';
import { Registry } from 'prom-client';

import { openProjectsSchema, type ProjectsSchema } from '../test/projects-schema.js';
import { ProjectKeyCache } from './index.js';

async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value;
}

describe('ProjectKeyCache (against PostgreSQL)', () => {
  let db: ProjectsSchema;
  let cache: ProjectKeyCache | undefined;

  beforeEach(async () => {
    db = await openProjectsSchema();
  });

  afterEach(async () => {
    await cache?.stop();
    cache = undefined;
    await db.close();
  });

  it('serves lookups from memory and sees a revocation within one refresh interval', async () => {
    const { project, key } = await db.store.createProject({ slug: 'web' });
    const registry = new Registry();
    cache = new ProjectKeyCache(db.store, { refreshMs: 100, registry });
    await cache.start();
    expect(cache.lastRefreshAt).toBeInstanceOf(Date);
    expect(cache.lookup(key.publicKey)).toMatchObject({ status: 'active', project: { id: project.id, slug: 'web' } });
    expect(cache.projectById(project.id)?.slug).toBe('web');
    expect(cache.lookup('0'.repeat(32))).toBeUndefined();
    expect(await metricValue(registry, 'faultline_project_cache_keys')).toBe(1);

    const revokedAt = Date.now();
    await db.store.revokeKey(key.publicKey);
    await waitFor(() => cache?.lookup(key.publicKey)?.status === 'key_revoked', { timeoutMs: 2000 });
    // One interval plus the time of a load; far below the 2 s default on this machine.
    expect(Date.now() - revokedAt).toBeLessThan(1000);

    const second = await db.store.createKey('web');
    await db.store.setProjectEnabled('web', false);
    await waitFor(() => cache?.lookup(second.publicKey)?.status === 'project_disabled', { timeoutMs: 2000 });
    expect(await metricValue(registry, 'faultline_project_cache_age_seconds')).toBeLessThan(5);
  });

  it('keeps the last good snapshot when a refresh fails, and counts the failure', async () => {
    const { key } = await db.store.createProject({ slug: 'web' });
    const registry = new Registry();
    const errors: unknown[] = [];
    cache = new ProjectKeyCache(db.store, { refreshMs: 50, registry, onRefreshError: (error) => errors.push(error) });
    await cache.start();
    const loadedAt = cache.lastRefreshAt;

    // Dropping the tables makes every later load fail, as a database outage would.
    await db.dataSource.query('DROP TABLE project_keys, projects CASCADE');
    await waitFor(async () => ((await metricValue(registry, 'faultline_project_cache_refreshes_total', { result: 'failure' })) ?? 0) >= 2, {
      timeoutMs: 3000,
    });
    expect(cache.lookup(key.publicKey)?.status).toBe('active');
    expect(cache.lastRefreshAt).toBe(loadedAt);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(await cache.refreshNow()).toBe(false);
    expect(await metricValue(registry, 'faultline_project_cache_refreshes_total', { result: 'success' })).toBeGreaterThanOrEqual(1);
  });
});
