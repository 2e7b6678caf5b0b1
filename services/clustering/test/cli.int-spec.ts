// The clustering commands of the real `faultline` CLI (bin/faultline.mjs, child processes)
// against a clustering replica on real NATS, PostgreSQL and s3rver: groups list/show/resolve,
// grouping explain of a stored event and of a file, grouping test-rules, users erase.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@faultline/platform-testing';
import { getGroup } from '../src/index.js';
import { createSuite, type Suite } from './harness.js';
import { enrichedEvent } from './support/events.js';

const launcher = fileURLToPath(new URL('../../../bin/faultline.mjs', import.meta.url));

function faultline(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [launcher, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('faultline grouping/groups/users commands', { timeout: 120_000 }, () => {
  let suite: Suite;
  let env: Record<string, string>;
  let dir: string;
  beforeAll(async () => {
    suite = await createSuite();
    await suite.startReplica({ CLUSTERING_BATCH_MAX_WAIT: '5ms' });
    const c = suite.config();
    env = {
      DATABASE_URL: c.DATABASE_URL,
      DATABASE_SCHEMA: c.DATABASE_SCHEMA!,
      NATS_URL: c.NATS_URL,
      NATS_STREAM_PREFIX: c.NATS_STREAM_PREFIX,
      S3_ENDPOINT: c.S3_ENDPOINT,
      S3_ACCESS_KEY: c.S3_ACCESS_KEY,
      S3_SECRET_KEY: c.S3_SECRET_KEY,
      S3_BUCKET: c.S3_BUCKET,
    };
    dir = await mkdtemp(join(tmpdir(), 'faultline-cli-'));
  });
  afterAll(async () => {
    await suite?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists, shows, resolves (through the service), explains, tests rules and erases', async () => {
    const a = enrichedEvent({ projectId: '21', fingerprint: 1, user: 'carol', release: 'web@2.0.0' });
    const b = enrichedEvent({ projectId: '21', fingerprint: 2, user: 'dave', type: 'RangeError' });
    await suite.publishEvent(a);
    await suite.publishEvent(b);
    await waitFor(async () => Number((await suite.ds.query('SELECT count(*) AS n FROM events'))[0].n) === 2, { timeoutMs: 10_000, intervalMs: 50 });
    const [{ group_id: groupA }] = await suite.ds.query('SELECT group_id FROM events WHERE event_id = $1', [a.eventId]);
    await writeFile(join(dir, 'rules.txt'), 'type:"RangeError" -> range-errors\n');

    const [list, show, explainStored, testRules, badRules] = await Promise.all([
      faultline(['groups', 'list', '--project', '21', '--json'], env),
      faultline(['groups', 'show', String(groupA), '--project', '21'], env),
      faultline(['grouping', 'explain', a.eventId!, '--project', '21', '--json'], env),
      faultline(['grouping', 'test-rules', '--project', '21', '--rules', join(dir, 'rules.txt'), '--json'], env),
      faultline(['grouping', 'explain', a.eventId!, '--project', '21', '--rules', join(dir, 'missing.txt')], env),
    ]);
    expect(list.code).toBe(0);
    const groups = JSON.parse(list.stdout);
    expect(groups).toHaveLength(2);
    expect(groups.map((g: { timesSeen: number }) => g.timesSeen)).toEqual([1, 1]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Group ${groupA}: TypeError: Cannot read properties of undefined`);
    expect(show.stdout).toMatch(/status:\s+unresolved/);
    expect(explainStored.code).toBe(0);
    const explained = JSON.parse(explainStored.stdout);
    const [stored] = await suite.ds.query('SELECT hash FROM events WHERE event_id = $1', [a.eventId]);
    expect(explained.hashes[0].hash).toBe(stored.hash);
    expect(testRules.code).toBe(0);
    expect(JSON.parse(testRules.stdout)).toMatchObject({ events: 2, groupsBefore: 2, groupsAfter: 2, changed: [expect.objectContaining({ eventId: b.eventId })] });
    expect(badRules.code).toBe(1);
    expect(badRules.stderr).toContain('cannot read --rules');

    const resolved = await faultline(['groups', 'resolve', String(groupA), '--project', '21', '--in-release', 'web@2.1.0'], env);
    expect(resolved.stderr).toBe('');
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toContain('is resolved in release web@2.1.0');
    expect(await getGroup(suite.ds, 21, String(groupA))).toMatchObject({ status: 'resolved', resolvedInRelease: 'web@2.1.0' });
    const activities = await suite.activities();
    expect(activities.at(-1)).toMatchObject({ groupId: String(groupA), actor: expect.stringMatching(/^cli:/) });

    const erased = await faultline(['users', 'erase', '--project', '21', '--user', 'carol', '--json'], env);
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ events: 1, objects: 1 });
    expect(Number((await suite.ds.query("SELECT count(*) AS n FROM events WHERE user_key = 'carol'"))[0].n)).toBe(0);
    // Her raw event is gone from every object (a pack shared with dave's event is rewritten), his is still readable.
    const objects = await suite.storage.list('21/');
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect((await suite.storage.getGunzip(o.key)).toString()).not.toContain('"carol"');
    const explainB = await faultline(['grouping', 'explain', b.eventId!, '--project', '21', '--json'], env);
    expect(explainB.code).toBe(0);

    const missing = await faultline(['groups', 'show', '999999', '--project', '21'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('group 999999 does not exist');
  });

  it('explains an event file as the SDK sends it without any database', async () => {
    const file = fileURLToPath(new URL('../../../libs/grouping/test/inputs/firefox-checkout.json', import.meta.url));
    const [chrome, firefox] = await Promise.all([
      faultline(['grouping', 'explain', fileURLToPath(new URL('../../../libs/grouping/test/inputs/chrome-checkout.json', import.meta.url)), '--json'], {}),
      faultline(['grouping', 'explain', file, '--json'], {}),
    ]);
    expect(chrome.code).toBe(0);
    expect(JSON.parse(chrome.stdout).hashes[0].hash).toBe(JSON.parse(firefox.stdout).hashes[0].hash);
  });

  it('explains an enriched event with a scope-named frame as clustering hashes it: the previous config sees the old name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-explain-'));
    try {
      const frames = [
        { filename: '/src/main.js', abs_path: 'https://shop.example.com/src/main.js', function: 'onSearch', module: 'src/main', lineno: 24, colno: 10, in_app: true },
        { filename: '/src/search.js', abs_path: 'https://shop.example.com/src/search.js', function: 'resultPage', module: 'src/search', lineno: 3, colno: 17, in_app: true },
      ];
      const event = (name: string) => ({ exception: { values: [{ type: 'RangeError', value: 'Invalid array length', stacktrace: { frames: [{ ...frames[0], function: name }, frames[1]] } }] } });
      const scoped = join(dir, 'scoped.json');
      await writeFile(scoped, JSON.stringify({ project_id: '1', event_id: 'd'.repeat(32), enrichment: { frames: [{ exception_index: 0, frame_index: 0, status: 'SYMBOLICATION_STATUS_APPLIED', raw_frame: { function: 'ic' }, scope_name: true }] }, event: event('onSearch') }));
      const minified = join(dir, 'minified.json');
      await writeFile(minified, JSON.stringify({ project_id: '1', event_id: 'e'.repeat(32), event: event('ic') }));
      const [now, before] = await Promise.all([faultline(['grouping', 'explain', scoped, '--json'], {}), faultline(['grouping', 'explain', minified, '--config', 'js:2026-12-01', '--json'], {})]);
      expect(now.code).toBe(0);
      const hashes = JSON.parse(now.stdout).hashes as { config: string; hash: string }[];
      expect(hashes.map((h) => h.config)).toEqual(['js:2026-12-15', 'js:2026-12-01']);
      expect(hashes[1]!.hash).toBe(JSON.parse(before.stdout).hashes[0].hash);
      expect(hashes[0]!.hash).not.toBe(hashes[1]!.hash);
      const text = await faultline(['grouping', 'explain', scoped], {});
      expect(text.stdout).toContain('"onSearch"');
      expect(text.stdout).toContain('"ic"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
