// The shared write budget on the real PostgreSQL: spacing of content-creating requests across
// limiter instances (as across replicas), the sliding-hour cap, and blocks after GitHub's limits.
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { GITHUB_ISSUES_MIGRATIONS } from '../links/migrations.js';
import { GitHubThrottledError } from './github-api.js';
import { WriteLimiter } from './write-limiter.js';

describe('WriteLimiter', () => {
  let schema: TestSchema;
  let ds: DataSource;
  beforeAll(async () => {
    schema = await createTestSchema();
    ds = createDataSource({ ...schema.dataSourceOptions, entities: [], migrations: [...GITHUB_ISSUES_MIGRATIONS] });
    await ds.initialize();
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('spaces writes of one installation across instances, and not reads or other installations', async () => {
    const limits = { perMinute: 600, perHour: 500, maxInlineWaitMs: 2_000, secondaryBackoffMs: 1_000 };
    const a = new WriteLimiter(ds, limits);
    const b = new WriteLimiter(ds, limits);
    expect(a.spacingMs).toBe(101);
    await Promise.all([a, b, a, b, a, b].map((l) => l.acquire('installation:1', true)));
    // The slots the six writes got (in the shared log): ≥ 101 ms apart, whichever instance took them.
    const rows = (await ds.query(`SELECT extract(epoch FROM at) * 1000 AS at FROM github_write_log WHERE scope = 'installation:1' ORDER BY at`)) as { at: string }[];
    const slots = rows.map((r) => Number(r.at));
    expect(slots).toHaveLength(6);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(100.5);
    const t1 = Date.now();
    await Promise.all([a.acquire('installation:1', false), a.acquire('installation:2', true)]);
    expect(Date.now() - t1).toBeLessThan(200);
  });

  it('refuses past the per-hour cap with the wait until a slot frees', async () => {
    const l = new WriteLimiter(ds, { perMinute: 6_000, perHour: 3, maxInlineWaitMs: 1_000, secondaryBackoffMs: 1_000 });
    for (let i = 0; i < 3; i++) await l.acquire('installation:hour', true);
    const error = await l.acquire('installation:hour', true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubThrottledError);
    expect((error as GitHubThrottledError).reason).toBe('content_per_hour');
    expect((error as GitHubThrottledError).delayMs).toBeGreaterThan(3_500_000);
  });

  it('blocks every request after a rate-limit answer and backs off on repeated secondary limits', async () => {
    const l = new WriteLimiter(ds, { perMinute: 80, perHour: 500, maxInlineWaitMs: 100, secondaryBackoffMs: 1_000 });
    expect(await l.block('installation:b', 'secondary', 'secondary_limit')).toBeGreaterThan(900);
    const second = await l.block('installation:b', 'secondary', 'secondary_limit');
    expect(second).toBeGreaterThan(1_900);
    const error = await l.acquire('installation:b', false).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GitHubThrottledError', reason: 'github_limit' });
    // A block shorter than the inline wait is waited out in-process.
    await l.block('installation:c', 80, 'primary_limit');
    const t = Date.now();
    await l.acquire('installation:c', false);
    expect(Date.now() - t).toBeGreaterThanOrEqual(50);
  }, 10_000);
});
