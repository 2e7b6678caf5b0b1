import type { ProjectRecord } from '@faultline/platform-projects';
import { ProjectSettingsCache } from './project-settings.js';

const record = (id: number, piiSettings: Record<string, unknown>): ProjectRecord => ({
  id, slug: `p${id}`, name: `p${id}`, enabled: true, githubRepo: null, allowedOrigins: ['*'], storeIp: id === 2,
  inboundFilters: {}, piiSettings, rateLimitPerMinute: null, createdAt: new Date(),
});

describe('ProjectSettingsCache', () => {
  const rows = new Map<number, ProjectRecord>([
    [1, record(1, { emails: false, extraKeys: ['customer_ref'] })],
    [2, record(2, {})],
    // Edited by hand into something the CLI refuses: ignored as a whole.
    [3, record(3, { emails: 'no', creditCards: false })],
  ]);
  let reads = 0;
  const store = { getProject: async (id: number | string) => (reads++, rows.get(Number(id))) };

  it('reads slug, store_ip and the PII overrides, and keys the overrides by their JSON', async () => {
    const cache = new ProjectSettingsCache(store, 60_000);
    expect(await cache.get('1')).toEqual({ slug: 'p1', storeIp: false, pii: { emails: false, extraKeys: ['customer_ref'] }, piiKey: '{"emails":false,"extraKeys":["customer_ref"]}' });
    expect(await cache.get('2')).toEqual({ slug: 'p2', storeIp: true, pii: {}, piiKey: '{}' });
    expect(await cache.get('3')).toEqual({ slug: 'p3', storeIp: false, pii: {}, piiKey: '{}' });
    expect(await cache.get('99')).toEqual({ slug: undefined, storeIp: false, pii: {}, piiKey: '{}' });
    expect(await cache.get('not-a-number')).toEqual({ slug: undefined, storeIp: false, pii: {}, piiKey: '{}' });
  });

  it('reuses a read for the TTL and reads again after it', async () => {
    const cache = new ProjectSettingsCache(store, 0);
    const before = reads;
    await cache.get('1');
    await cache.get('1');
    expect(reads - before).toBe(2);
    const cached = new ProjectSettingsCache(store, 60_000);
    const at = reads;
    await cached.get('1');
    await cached.get('1');
    expect(reads - at).toBe(1);
  });
});
