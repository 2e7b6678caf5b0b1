// The claim protocol on the real PostgreSQL: one winner per link key, busy while a claim is fresh,
// takeover with a recovery point once stale, compare-and-set on every later step, and the
// comment slot that lets at most one comment through per interval.
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { LinkStore, type LinkTarget } from './link-store.js';
import { GITHUB_ISSUES_MIGRATIONS } from './migrations.js';

describe('LinkStore', () => {
  let schema: TestSchema;
  let ds: DataSource;
  const target = (group: string): LinkTarget => ({ key: `group:1/${group}`, kind: 'group', projectId: '1', groupId: group, owner: 'acme', repo: 'web' });

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

  it('lets exactly one of many concurrent claims win', async () => {
    const store = new LinkStore(ds, 60_000);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim(target('race'), `n${i}`)));
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'busy')).toHaveLength(19);
  });

  it('links only with the winning token, then reports linked', async () => {
    const store = new LinkStore(ds, 60_000);
    const c = await store.claim(target('a'), 'k1');
    if (c.kind !== 'claimed') throw new Error('expected a claim');
    expect(await store.touch(target('a').key, c.token)).toBe(true);
    expect(await store.complete(target('a').key, 'someone-else', { number: 1, url: 'u', state: 'open' }, 0)).toBe(false);
    expect(await store.complete(target('a').key, c.token, { number: 7, url: 'u7', state: 'open' }, 3)).toBe(true);
    const again = await store.claim(target('a'), 'k2');
    expect(again).toMatchObject({ kind: 'linked', row: { issueNumber: 7, issueUrl: 'u7', state: 'linked', timesSeenAtComment: 3 } });
  });

  it('takes a stale claim over with a recovery point, and the old claimer can no longer touch or link', async () => {
    const store = new LinkStore(ds, 300);
    const old = await store.claim(target('stale'), 'k1');
    if (old.kind !== 'claimed') throw new Error('expected a claim');
    expect((await store.claim(target('stale'), 'k2')).kind).toBe('busy');
    await new Promise((r) => setTimeout(r, 400));
    const taken = await store.claim(target('stale'), 'k3');
    expect(taken.kind).toBe('claimed');
    expect(taken.kind === 'claimed' && taken.recoverSince instanceof Date).toBe(true);
    expect(await store.touch(target('stale').key, old.token)).toBe(false);
    expect(await store.complete(target('stale').key, old.token, { number: 1, url: 'u', state: 'open' }, 0)).toBe(false);
  });

  it('releases a definite failure without recovery and an uncertain one with it', async () => {
    const store = new LinkStore(ds, 60_000);
    const c1 = await store.claim(target('rel'), 'k1');
    if (c1.kind !== 'claimed') throw new Error('expected a claim');
    await store.release(target('rel').key, c1.token, false);
    const c2 = await store.claim(target('rel'), 'k2');
    expect(c2).toMatchObject({ kind: 'claimed' });
    expect(c2.kind === 'claimed' && c2.recoverSince).toBeUndefined();
    if (c2.kind !== 'claimed') throw new Error('expected a claim');
    await store.release(target('rel').key, c2.token, true);
    const c3 = await store.claim(target('rel'), 'k3');
    expect(c3.kind === 'claimed' && c3.recoverSince instanceof Date).toBe(true);
  });

  it('hands out the comment slot at most once per interval, and takes it back on failure', async () => {
    const store = new LinkStore(ds, 60_000);
    const c = await store.claim(target('c'), 'k');
    if (c.kind !== 'claimed') throw new Error('expected a claim');
    await store.complete(target('c').key, c.token, { number: 9, url: 'u', state: 'open' }, 5);
    // Linking counts as the last comment: nothing within the interval.
    expect(await store.takeCommentSlot(target('c').key, 60_000)).toBeNull();
    const slots = await Promise.all(Array.from({ length: 10 }, () => store.takeCommentSlot(target('c').key, 0)));
    // Interval 0: every caller may comment, but each sees the previous count.
    expect(slots.every((s) => s?.previousSeen === 5)).toBe(true);
    await store.commented(target('c').key, 12);
    const one = await Promise.all(Array.from({ length: 10 }, () => store.takeCommentSlot(target('c').key, 200)));
    expect(one.filter(Boolean)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 250));
    const after = await Promise.all(Array.from({ length: 10 }, () => store.takeCommentSlot(target('c').key, 200)));
    expect(after.filter(Boolean)).toHaveLength(1);
    expect(after.find(Boolean)!.previousSeen).toBe(12);
    await store.returnCommentSlot(target('c').key, after.find(Boolean)!.previousAt);
    expect(await store.takeCommentSlot(target('c').key, 200)).not.toBeNull();
  });
});
