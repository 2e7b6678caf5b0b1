// The Sentry bundler plugin (`@sentry/bundler-plugins/esbuild`, what `@sentry/esbuild-plugin`
// became in SDK 11) pointed at Faultline with `url` and a Faultline token, configured as its docs
// show: while esbuild builds the shop it injects a debug id, then creates the release, uploads the
// bundle through the chunk-upload + assemble API and finalizes the release — with no error. A frame
// of the built bundle then resolves by that debug id.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { sentryEsbuildPlugin } from '@sentry/bundler-plugins/esbuild';
import { create, SentryEventSchema, SourceMapLookup, SymbolicationStatus } from '@faultline/contracts';
import { startService, type Service } from './harness.js';
import { buildShop, sentryCli, type BuiltShop } from './shop-app.js';

const RELEASE = 'shop@2.0.0';

describe('Sentry esbuild plugin against Faultline', () => {
  let svc: Service;
  beforeAll(async () => {
    svc = await startService();
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
  });

  it('injects a debug id, creates, uploads and finalizes the release without an error; the frame resolves', async () => {
    // What the plugin prints (it logs through console): every line, to show that nothing failed.
    const printed: string[] = [];
    let shop: BuiltShop;
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(`${level}: ${args.map(String).join(' ')}`)),
    );
    try {
      shop = await buildShop([
        sentryEsbuildPlugin({ url: svc.url, authToken: svc.token, org: 'acme', project: 'web', release: { name: RELEASE }, telemetry: false }),
      ]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed.filter((line) => /error|warn|fail/i.test(line)), printed.join('\n')).toEqual([]);

    // The debug id the plugin injected into the bundle is the one the stored artifacts carry.
    const outfile = join(shop!.assets, 'app.js');
    const code = await readFile(outfile, 'utf8');
    const debugId = /sentry-dbid-([0-9a-f-]{36})/.exec(code)?.[1];
    expect(debugId, code.slice(0, 400)).toBeDefined();
    const rows = (await svc.ds.query('SELECT url, kind, release, debug_id FROM sourcemap_artifacts ORDER BY kind')) as Record<string, string>[];
    expect(rows.map((r) => [r.kind, r.release, r.debug_id])).toEqual([
      ['minified_source', RELEASE, debugId],
      ['source_map', RELEASE, debugId],
    ]);
    const releases = (await svc.ds.query('SELECT version, date_released FROM sourcemap_releases')) as { version: string; date_released: Date | null }[];
    expect(releases).toEqual([{ version: RELEASE, date_released: expect.any(Date) }]);
    const release = (await (await fetch(`${svc.url}/api/0/organizations/acme/releases/${encodeURIComponent(RELEASE)}/`, { headers: { authorization: `Bearer ${svc.token}` } })).json()) as Record<string, unknown>;
    expect(release).toMatchObject({ version: RELEASE, projects: [{ slug: 'web' }], dateReleased: expect.any(String) });

    // The throw in formatPrice, as the browser would report it from the built bundle.
    const map = new TraceMap(await readFile(`${outfile}.map`, 'utf8'));
    const sourceOf = (name: string) => map.sources.find((s) => s?.endsWith(name))!;
    const at = generatedPositionFor(map, { source: sourceOf('format.ts'), line: 4, column: 4 });
    // Its caller: the call of formatPrice in cart.ts, whose name the throwing frame takes.
    const caller = generatedPositionFor(map, { source: sourceOf('cart.ts'), line: 15, column: 'return `${line.sku}: ${'.length + 2 });
    expect([at.line, caller.line]).not.toContain(null);
    const url = 'https://shop.example.com/assets/app.js';
    const event = create(SentryEventSchema, {
      eventId: crypto.randomUUID().replace(/-/g, ''),
      platform: 'javascript',
      release: RELEASE,
      exception: { values: [{ type: 'RangeError', value: 'negative price: -1', stacktrace: { frames: [
        { filename: url, absPath: url, function: 'b', lineno: caller.line!, colno: caller.column! + 1, inApp: true },
        { filename: url, absPath: url, function: 'a', lineno: at.line!, colno: at.column! + 1, inApp: true },
      ] } }] },
      debugMeta: { images: [{ type: 'sourcemap', codeFile: url, debugId: debugId! }] },
    });
    await svc.ingest(event);
    const enriched = await svc.waitFor(event.eventId);
    const top = enriched.event!.exception!.values[0]!.stacktrace!.frames.at(-1)!;
    expect(top).toMatchObject({ lineno: 4, function: 'formatPrice' });
    expect(top.filename).toMatch(/format\.ts$/);
    expect(top.contextLine).toContain('throw new RangeError');
    expect(enriched.enrichment!.frames.at(-1)).toMatchObject({ status: SymbolicationStatus.APPLIED, lookup: SourceMapLookup.DEBUG_ID });
  }, 120_000);

  it('answers release reads and updates as Sentry does, and refuses what it cannot apply', async () => {
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${svc.url}/api/0/organizations/acme/releases/${path}`, {
        method,
        headers: { authorization: `Bearer ${svc.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await api('POST', '', { version: 'web@3', projects: ['web'] })).status).toBe(201);
    const created = (await (await api('GET', 'web@3/')).json()) as Record<string, unknown>;
    expect(created).toMatchObject({ version: 'web@3', dateReleased: null });
    const finalized = await api('PUT', 'web@3/', { dateReleased: '2026-11-28T06:00:00Z', refs: [{ repository: 'acme/web', commit: 'abc' }] });
    expect(finalized.status).toBe(200);
    expect(await finalized.json()).toMatchObject({ version: 'web@3', dateReleased: '2026-11-28T06:00:00.000Z' });
    expect(await (await api('PUT', 'web@3/', { dateReleased: null })).json()).toMatchObject({ dateReleased: null });

    const unknown = await api('PUT', 'web@9/', { dateReleased: '2026-11-28T06:00:00Z' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ detail: expect.stringContaining('release web@9 was not created') });
    expect((await api('GET', 'web@9/')).status).toBe(404);
    const badDate = await api('PUT', 'web@3/', { dateReleased: 'yesterday' });
    expect(badDate.status).toBe(400);
    expect(await badDate.json()).toMatchObject({ detail: 'dateReleased must be an ISO 8601 date-time or null' });
    expect((await api('PUT', 'web@3/', { commits: 'abc' })).status).toBe(400);
    expect((await api('PUT', 'web@3/', [1])).status).toBe(400);

    // The same through the real sentry-cli.
    const env = { SENTRY_URL: svc.url, SENTRY_AUTH_TOKEN: svc.token, SENTRY_ORG: 'acme', SENTRY_PROJECT: 'web' };
    await sentryCli(['releases', 'new', 'web@4'], env);
    await sentryCli(['releases', 'finalize', 'web@4'], env);
    expect(await (await api('GET', 'web@4/')).json()).toMatchObject({ version: 'web@4', projects: [{ slug: 'web' }], dateReleased: expect.any(String) });

    const anonymous = await fetch(`${svc.url}/api/0/organizations/acme/releases/web@3/`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
  });
});
