// The upload API beyond sentry-cli's artifact bundles (auth, legacy release files, the
// `faultline sourcemaps upload` command) and PII scrubbing with per-project settings, on real
// NATS, PostgreSQL and s3rver.
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { reportToEvent } from '@faultline/envelope';
import { create, SentryEventSchema, SourceMapLookup, SymbolicationStatus, PiiMethod } from '@faultline/contracts';
import { metricValue, startService, type Service } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const launcher = join(here, '../../../bin/faultline.mjs');
const CDN = 'https://cdn.example.com/static/js/cart.min.js';
const newId = () => crypto.randomUUID().replace(/-/g, '');

function faultline(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [launcher, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

/** Builds cart.ts + format.ts into `<dir>/cart.min.js(.map)` and returns the stack it throws under CDN. */
async function buildCart(dir: string): Promise<string> {
  const entry = join(dir, 'entry.ts');
  await writeFile(entry, `import { checkout } from ${JSON.stringify(join(here, 'fixtures/shop/cart.ts'))};\n(globalThis as any).run = () => checkout([{ sku: 'pear', qty: -1 }]);\n`);
  await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', sourcemap: true, sourcesContent: true, outfile: join(dir, 'build/cart.min.js'), logLevel: 'silent' });
  const code = await readFile(join(dir, 'build/cart.min.js'), 'utf8');
  const context = vm.createContext({});
  new vm.Script(code, { filename: CDN }).runInContext(context);
  return new vm.Script('(() => { try { run(); } catch (e) { return e.stack; } })()', { filename: 'https://cdn.example.com/index.html' }).runInContext(context) as string;
}

describe('upload API, faultline sourcemaps upload, and PII settings', () => {
  let svc: Service;

  beforeAll(async () => {
    svc = await startService({
      ENRICHMENT_PII: JSON.stringify({ projects: { web: { emails: false } } }),
      ENRICHMENT_PROJECT_CACHE_TTL: '0',
      ENRICHMENT_CHUNK_SIZE: '65536',
      ENRICHMENT_MAX_UPLOAD_BYTES: '262144',
    });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('refuses requests without a token (401), with a bad token (401) or without an upload scope (403)', async () => {
    const url = `${svc.url}/api/0/organizations/acme/chunk-upload/`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { detail: string }).detail).toContain('Authorization: Bearer');
    expect((await fetch(url, { headers: { authorization: 'Bearer flt_nope' } })).status).toBe(401);
    const { token } = await svc.store.createApiToken({ name: 'read only', scopes: ['project:read'] });
    const forbidden = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { detail: string }).detail).toContain('project:releases');
    const ok = (await (await fetch(url, { headers: { authorization: `Bearer ${svc.token}` } })).json()) as Record<string, unknown>;
    expect(ok).toMatchObject({ url: `${url}`, hashAlgorithm: 'sha1', compression: ['gzip'], chunksPerRequest: 64 });
  });

  it('chunk uploads past the limits, or whose SHA-1 does not match their name, are refused and counted', async () => {
    const auth = { authorization: `Bearer ${svc.token}` };
    const url = `${svc.url}/api/0/organizations/acme/chunk-upload/`;
    const post = async (parts: [string, Buffer][]) => {
      const form = new FormData();
      for (const [name, data] of parts) form.append('file', new Blob([data]), name);
      const res = await fetch(url, { method: 'POST', headers: auth, body: form });
      return { status: res.status, detail: res.status === 200 ? '' : ((await res.json()) as { detail: string }).detail };
    };
    const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
    const small = Buffer.alloc(65_536, 1);
    expect(await post([[sha1(small), small]])).toEqual({ status: 200, detail: '' });
    const big = Buffer.alloc(65_537, 2); // one byte past ENRICHMENT_CHUNK_SIZE
    expect(await post([[sha1(big), big]])).toMatchObject({ status: 413, detail: expect.stringContaining('Chunk size too large') });
    expect(await post([['0'.repeat(40), small]])).toMatchObject({ status: 400, detail: expect.stringContaining(`has SHA-1 ${sha1(small)}`) });
    const parts: [string, Buffer][] = [0, 1, 2, 3, 4].map((i) => {
      const b = Buffer.alloc(60_000, i + 10);
      return [sha1(b), b];
    });
    expect(await post(parts)).toMatchObject({ status: 413, detail: expect.stringContaining('ENRICHMENT_MAX_UPLOAD_BYTES') }); // 300 kB > 256 KiB
    const metrics = await svc.metrics();
    expect(metricValue(metrics, 'faultline_sourcemap_upload_refused_total', { reason: 'too_large' })).toBe(2);
    expect(metricValue(metrics, 'faultline_sourcemap_upload_refused_total', { reason: 'checksum_mismatch' })).toBe(1);
  });

  it('legacy release files: organization release + files endpoints, and a map that does not parse is refused', async () => {
    const auth = { authorization: `Bearer ${svc.token}` };
    const created = await fetch(`${svc.url}/api/0/organizations/acme/releases/`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ version: 'legacy@1', projects: ['web'] }) });
    expect(created.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob(['{"version":3,"sources":["a.js"],"names":[],"mappings":"AAAA"}']), 'a.js.map');
    form.append('name', '~/a.js.map');
    const stored = await fetch(`${svc.url}/api/0/organizations/acme/releases/legacy@1/files/`, { method: 'POST', headers: auth, body: form });
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ name: '~/a.js.map', dist: null, sha1: expect.stringMatching(/^[0-9a-f]{40}$/) });

    const bad = new FormData();
    bad.append('file', new Blob(['{"version":3,"mappings":']), 'b.js.map');
    bad.append('name', '~/b.js.map');
    const refused = await fetch(`${svc.url}/api/0/projects/acme/web/releases/legacy@1/files/`, { method: 'POST', headers: auth, body: bad });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/~\/b\.js\.map does not parse/);
    const unknownRelease = await fetch(`${svc.url}/api/0/organizations/acme/releases/never@1/files/`, { method: 'POST', headers: auth, body: form });
    expect(unknownRelease.status).toBe(404);
  });

  it('faultline sourcemaps upload: refuses a broken directory, uploads a good one, and its frames resolve by release + URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-cli-upload-'));
    const stack = await buildCart(dir);
    const env = { FAULTLINE_ENRICHMENT_URL: svc.url, FAULTLINE_AUTH_TOKEN: svc.token };

    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'x.min.js'), 'x()\n//# sourceMappingURL=x.min.js.map\n');
    await writeFile(join(broken, 'x.min.js.map'), '{ not json');
    const refused = await faultline(['sourcemaps', 'upload', '--project', 'web', '--release', 'cart@1', broken], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('~/x.min.js.map does not parse');

    const ok = await faultline(['sourcemaps', 'upload', '--project', 'web', '--release', 'cart@1', '--url-prefix', '~/static/js', join(dir, 'build')], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('uploaded ~/static/js/cart.min.js.map');
    expect(ok.stdout).toContain('2 file(s) uploaded to web release cart@1');

    const event = create(SentryEventSchema, reportToEvent({ message: 'negative price: -125', name: 'RangeError', stack }, { receivedAt: new Date(), maxFrames: 250 }).event);
    event.release = 'cart@1';
    await svc.ingest(event);
    const enriched = await svc.waitFor(event.eventId);
    const frames = enriched.event!.exception!.values[0]!.stacktrace!.frames;
    const top = frames.at(-1)!;
    expect(top.function).toBe('formatPrice');
    expect(top.filename).toMatch(/fixtures\/shop\/format\.ts$/);
    expect(top.lineno).toBe(4);
    expect(top.contextLine).toContain('throw new RangeError');
    expect(enriched.enrichment!.frames.at(-1)).toMatchObject({ status: SymbolicationStatus.APPLIED, lookup: SourceMapLookup.RELEASE_URL });
  });

  it('PII: on by default, per-project overrides by slug and in the project settings, and store_ip keeps addresses', async () => {
    const other = (await svc.store.createProject({ slug: 'other' })).project;
    const make = () =>
      create(SentryEventSchema, {
        eventId: newId(),
        platform: 'javascript',
        message: { message: 'checkout failed for jane.doe@example.com' },
        user: { id: 'u1', ipAddress: '203.0.113.9' },
        extra: { password: 'hunter2', note: 'card 4111 1111 1111 1111' },
        request: { url: 'https://shop.example.com/orders/8812?token=abc', headers: { Authorization: 'Bearer secret-token', 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1' } },
      });
    const web = make();
    const def = make();
    await svc.ingest(web, { clientIp: '203.0.113.9' });
    await svc.ingest(def, { projectId: String(other.id) });
    const [a, b] = await Promise.all([svc.waitFor(web.eventId), svc.waitFor(def.eventId)]);

    for (const e of [a, b]) {
      expect(e.event!.extra).toMatchObject({ password: '[Filtered]', note: 'card [creditcard]' });
      expect(e.event!.user?.ipAddress).toBe('');
      expect(e.event!.request?.headers.Authorization).toBe('[Filtered]');
      expect(e.event!.request?.url).toBe('https://shop.example.com/orders/8812?token=%5BFiltered%5D');
      expect(e.enrichment!.url).toMatchObject({ url: 'https://shop.example.com/orders/8812', route: '/orders/:id' });
      expect(e.event!.tags['url.route']).toBe('/orders/:id');
      expect((e.event!.contexts as { os?: { name: string } }).os?.name).toBe('iOS');
      expect(e.enrichment!.userAgent).toMatchObject({ browserName: 'Mobile Safari', osName: 'iOS', deviceFamily: 'iPhone' });
    }
    expect(a.client?.clientIp).toBe('');
    expect(a.enrichment!.pii).toContainEqual(expect.objectContaining({ path: 'client.client_ip', rule: '@ip', method: PiiMethod.REMOVE }));
    expect(a.enrichment!.pii).toContainEqual(expect.objectContaining({ path: 'extra.password', rule: '@password', method: PiiMethod.REPLACE }));
    // Emails are off for "web" (ENRICHMENT_PII), on for "other".
    expect(a.event!.message?.message).toBe('checkout failed for jane.doe@example.com');
    expect(b.event!.message?.message).toBe('checkout failed for j*******@example.com');

    await svc.store.updateProject('other', { storeIp: true });
    const kept = make();
    await svc.ingest(kept, { projectId: String(other.id) });
    expect((await svc.waitFor(kept.eventId)).event!.user?.ipAddress).toBe('203.0.113.9');

    // The project's own settings (`faultline project set --pii`) apply over ENRICHMENT_PII, read
    // again after ENRICHMENT_PROJECT_CACHE_TTL (0 here): e-mails back on for "web", off for "other",
    // and a key name of the project's own.
    await svc.store.updateProject('web', { piiSettings: { emails: true } });
    await svc.store.updateProject('other', { piiSettings: { emails: false, extraKeys: ['note'] } });
    const [web2, other2] = [make(), make()];
    await svc.ingest(web2, { clientIp: '203.0.113.9' });
    await svc.ingest(other2, { projectId: String(other.id) });
    const [c, d] = await Promise.all([svc.waitFor(web2.eventId), svc.waitFor(other2.eventId)]);
    expect(c.event!.message?.message).toBe('checkout failed for j*******@example.com');
    expect(d.event!.message?.message).toBe('checkout failed for jane.doe@example.com');
    expect(c.event!.extra).toMatchObject({ note: 'card [creditcard]' });
    expect(d.event!.extra).toMatchObject({ note: '[Filtered]' });
    expect(d.enrichment!.pii).toContainEqual(expect.objectContaining({ path: 'extra.note', rule: '@password' }));
  });
});
