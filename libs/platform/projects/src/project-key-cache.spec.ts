import { Registry } from 'prom-client';

import { ProjectKeyCache } from './project-key-cache.js';
import type { ProjectsSnapshot } from './projects-store.js';
import type { ProjectKeyRecord, ProjectRecord } from './records.js';

function project(id: number, enabled = true): ProjectRecord {
  return {
    id,
    slug: `p${id}`,
    name: `p${id}`,
    enabled,
    githubRepo: null,
    allowedOrigins: ['*'],
    storeIp: false,
    inboundFilters: {},
    rateLimitPerMinute: null,
    createdAt: new Date(),
  };
}

function key(publicKey: string, projectId: number, overrides: Partial<ProjectKeyRecord> = {}): ProjectKeyRecord {
  return {
    publicKey,
    projectId,
    label: 'Default',
    enabled: true,
    rateLimitPerSecond: null,
    rateLimitPerMinute: null,
    burst: null,
    allowedOrigins: null,
    createdAt: new Date(),
    revokedAt: null,
    ...overrides,
  };
}

describe('ProjectKeyCache (with a stand-in source)', () => {
  it('reports each status, revocation first', async () => {
    const snapshot: ProjectsSnapshot = {
      projects: [project(1), project(2, false)],
      keys: [
        key('a'.repeat(32), 1),
        key('b'.repeat(32), 1, { revokedAt: new Date() }),
        key('c'.repeat(32), 1, { enabled: false }),
        key('d'.repeat(32), 2),
        key('e'.repeat(32), 2, { revokedAt: new Date(), enabled: false }),
      ],
    };
    const cache = new ProjectKeyCache({ loadSnapshot: async () => snapshot }, { refreshMs: 60_000 });
    await cache.start();
    expect(cache.lookup('a'.repeat(32))?.status).toBe('active');
    expect(cache.lookup('b'.repeat(32))?.status).toBe('key_revoked');
    expect(cache.lookup('c'.repeat(32))?.status).toBe('key_disabled');
    expect(cache.lookup('d'.repeat(32))?.status).toBe('project_disabled');
    expect(cache.lookup('e'.repeat(32))?.status).toBe('key_revoked');
    expect(cache.lookup('f'.repeat(32))).toBeUndefined();
    expect(cache.projectById(2)?.enabled).toBe(false);
    await cache.stop();
  });

  it('never runs two refreshes at once, even when the source is slower than the interval', async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    const source = {
      loadSnapshot: async (): Promise<ProjectsSnapshot> => {
        calls += 1;
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
        return { projects: [], keys: [] };
      },
    };
    const cache = new ProjectKeyCache(source, { refreshMs: 5 });
    await cache.start();
    await Promise.all([cache.refreshNow(), cache.refreshNow()]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await cache.stop();
    expect(calls).toBeGreaterThan(2);
    expect(maxRunning).toBe(1);
  });

  it('rejects start when the first load fails, and counts the failure', async () => {
    const registry = new Registry();
    const cache = new ProjectKeyCache({ loadSnapshot: () => Promise.reject(new Error('db down')) }, { registry });
    await expect(cache.start()).rejects.toThrow('db down');
    expect(cache.lastRefreshAt).toBeUndefined();
    const metrics = await registry.getMetricsAsJSON();
    const refreshes = metrics.find((m) => m.name === 'faultline_project_cache_refreshes_total');
    expect(refreshes?.values).toEqual([expect.objectContaining({ labels: { result: 'failure' }, value: 1 })]);
  });
});
