// Source maps end to end on real NATS, PostgreSQL and s3rver: a minified app built by esbuild,
// debug ids injected and maps uploaded by the real sentry-cli, the event captured by
// @sentry/browser in headless Chromium, fed into events.ingested, and read back enriched.
import { existsSync } from 'node:fs';
import { normalizeEvent, reportToEvent } from '@faultline/envelope';
import { create, SentryEventSchema, SourceMapLookup, SymbolicationStatus, type EnrichedEvent, type SentryEvent } from '@faultline/contracts';
import { buildShop, captureInChromium, CHROMIUM, sentryCli, serve, type BuiltShop } from './shop-app.js';
import { metricValue, startService, type Service } from './harness.js';
import { buildBundle, uploadBundle } from './upload-client.js';

const newId = () => crypto.randomUUID().replace(/-/g, '');
const topFrame = (e: EnrichedEvent) => e.event!.exception!.values[0]!.stacktrace!.frames.at(-1)!;
const topRecord = (e: EnrichedEvent) => e.enrichment!.frames.at(-1)!;

describe.skipIf(!existsSync(CHROMIUM))('source maps: sentry-cli upload, Chromium event, enriched frames', () => {
  let svc: Service;
  let shop: BuiltShop;
  let site: { origin: string; close(): Promise<void> };
  let browserEvent: Record<string, unknown>;
  let uploadOutput: string;

  /** The Chromium event as ingest would normalise it, with `change` applied to its JSON first. */
  const fromBrowser = (change: (json: Record<string, unknown>) => void = () => undefined): SentryEvent => {
    const json = structuredClone(browserEvent);
    json.event_id = newId();
    change(json);
    return create(SentryEventSchema, normalizeEvent(json, { receivedAt: new Date(), maxFrames: 250 }).event);
  };

  beforeAll(async () => {
    [svc, shop] = await Promise.all([startService(), buildShop()]);
    await sentryCli(['sourcemaps', 'inject', shop.assets]);
    const env = { SENTRY_URL: svc.url, SENTRY_AUTH_TOKEN: svc.token, SENTRY_ORG: 'acme', SENTRY_PROJECT: 'web' };
    const upload = await sentryCli(['sourcemaps', 'upload', '--release', 'shop@1.0.0', '--url-prefix', '~/assets', shop.assets], env);
    uploadOutput = upload.stdout + upload.stderr;
    site = await serve(shop.root);
    browserEvent = await captureInChromium(site.origin);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    await svc?.close();
  });

  it('sentry-cli inject + upload stores the bundle, indexed by debug id and URL', async () => {
    expect(uploadOutput).toMatch(/~\/assets\/app\.js \(sourcemap at app\.js\.map, debug id [0-9a-f-]{36}\)/);
    const rows = (await svc.ds.query('SELECT url, kind, release, debug_id FROM sourcemap_artifacts ORDER BY url')) as { url: string; kind: string; release: string; debug_id: string }[];
    expect(rows.map((r) => [r.url, r.kind, r.release])).toEqual([
      ['~/assets/app.js', 'minified_source', 'shop@1.0.0'],
      ['~/assets/app.js.map', 'source_map', 'shop@1.0.0'],
    ]);
    expect(rows[0]!.debug_id).toBe(rows[1]!.debug_id);
  });

  it('by debug id: the top in-app frame names the original file, line, column and function, with its context line', async () => {
    const event = fromBrowser();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await svc.ingest(event, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    const enriched = await svc.waitFor(event.eventId);
    const top = topFrame(enriched);
    expect(top).toMatchObject({ filename: '/src/format.ts', lineno: 4, colno: 11, function: 'formatPrice', inApp: true });
    expect(top.contextLine).toBe('    throw new RangeError(`negative price: ${cents}`);');
    expect(top.preContext.at(-1)).toBe('  if (cents < 0) {');
    expect(top.postContext[0]).toBe('  }');
    const caller = enriched.event!.exception!.values[0]!.stacktrace!.frames.at(-2)!;
    expect(caller).toMatchObject({ filename: '/src/cart.ts', lineno: 15, function: 'describeLine' });
    const record = topRecord(enriched);
    expect(record.status).toBe(SymbolicationStatus.APPLIED);
    expect(record.lookup).toBe(SourceMapLookup.DEBUG_ID);
    expect(record.rawFrame?.filename).toBe(`${site.origin}/assets/app.js`);
    expect(record.rawFrame?.lineno).toBeGreaterThan(0);
    // The other enrichments on the same real event: UA contexts, page route, trace.
    expect((enriched.event!.contexts as { browser?: { name: string } }).browser?.name).toMatch(/Chrome/);
    expect(enriched.enrichment!.userAgent?.osName).toBe('Linux');
    expect(enriched.enrichment!.url).toMatchObject({ host: new URL(site.origin).host, route: '/' });
    expect(enriched.enrichment!.trace?.traceId).toBe((browserEvent.contexts as { trace: { trace_id: string } }).trace.trace_id);
    const message = (await svc.enriched()).find((m) => m.event.eventId === event.eventId)!;
    expect(message.subject).toBe(`events.enriched.${svc.project.id}`);
    expect(message.headers['Nats-Msg-Id']).toBe(`${svc.project.id}:${event.eventId}:enriched`);
    expect(message.headers.traceparent).toContain(traceId);
  });

  it('by release + URL only (no debug id in the event)', async () => {
    const event = fromBrowser((json) => delete json.debug_meta);
    await svc.ingest(event);
    const enriched = await svc.waitFor(event.eventId);
    expect(topFrame(enriched)).toMatchObject({ filename: '/src/format.ts', lineno: 4, function: 'formatPrice' });
    expect(topRecord(enriched)).toMatchObject({ status: SymbolicationStatus.APPLIED, lookup: SourceMapLookup.RELEASE_URL });
  });

  it('no map: the frame stays minified and says why', async () => {
    const noRelease = fromBrowser((json) => {
      delete json.debug_meta;
      json.release = 'shop@9.9.9';
    });
    const unknownId = fromBrowser((json) => {
      (json.debug_meta as { images: { debug_id: string }[] }).images[0]!.debug_id = '00000000-1111-4222-8333-444444444444';
      json.release = '';
    });
    await svc.ingest(noRelease);
    await svc.ingest(unknownId);
    const [a, b] = await Promise.all([svc.waitFor(noRelease.eventId), svc.waitFor(unknownId.eventId)]);
    expect(topFrame(a).filename).toBe(`${site.origin}/assets/app.js`);
    expect(topRecord(a).status).toBe(SymbolicationStatus.MISSING_SOURCEMAP);
    expect(topRecord(a).explanation).toContain('release shop@9.9.9 has no file at');
    expect(topRecord(b).status).toBe(SymbolicationStatus.NO_DEBUG_ID_MATCH);
    expect(topRecord(b).explanation).toContain('00000000-1111-4222-8333-444444444444');
  });

  it('a corrupt map is reported at upload time, and at event time the reason is recorded and the event still flows', async () => {
    const code = 'function a(){throw new Error("x")}a();\n//# sourceMappingURL=broken.js.map\n';
    const bundle = buildBundle([
      { url: '~/assets/broken.js', type: 'minified_source', content: code, headers: { sourcemap: 'broken.js.map' } },
      { url: '~/assets/broken.js.map', type: 'source_map', content: '{"version":3,"sources":["a.ts"],"mappings":"AAAA;;;;;!!!"' },
    ]);
    const answers = await uploadBundle(svc.url, svc.token, bundle, { projects: ['web'], version: 'shop@2.0.0' });
    expect(answers[0]!.body.state).toBe('not_found');
    expect(answers[0]!.body.missingChunks.length).toBeGreaterThan(0);
    expect(answers.at(-1)!.body).toMatchObject({ state: 'error', missingChunks: [] });
    expect(answers.at(-1)!.body.detail).toMatch(/source map ~\/assets\/broken\.js\.map does not parse/);

    const event = create(
      SentryEventSchema,
      reportToEvent({ message: 'x', stack: `Error: x\n    at a (${site.origin}/assets/broken.js:1:14)` }, { receivedAt: new Date(), maxFrames: 250 }).event,
    );
    event.release = 'shop@2.0.0';
    await svc.ingest(event);
    const enriched = await svc.waitFor(event.eventId);
    expect(topRecord(enriched).status).toBe(SymbolicationStatus.MALFORMED_SOURCEMAP);
    expect(topRecord(enriched).explanation).toMatch(/parse/);
    expect(topFrame(enriched)).toMatchObject({ filename: `${site.origin}/assets/broken.js`, lineno: 1, colno: 14 });
  });

  it('Chrome, Firefox and Safari stacks from /api/v1/report resolve to the same original frame', async () => {
    // Positions of the real minified frames Chromium reported (innermost last).
    const raw = (browserEvent.exception as { values: { stacktrace: { frames: { filename: string; lineno?: number; colno?: number; function?: string }[] } }[] }).values[0]!.stacktrace.frames.filter(
      (f) => f.filename.endsWith('/assets/app.js') && f.lineno,
    );
    const inner = [...raw].reverse().slice(0, 3); // innermost first, as stacks print
    const url = `${site.origin}/assets/app.js`;
    const stacks = {
      chrome: `RangeError: negative price: -125\n${inner.map((f) => `    at ${f.function ?? '?'} (${url}:${f.lineno}:${f.colno})`).join('\n')}`,
      firefox: inner.map((f) => `${f.function ?? ''}@${url}:${f.lineno}:${f.colno}`).join('\n'),
      safari: inner.map((f) => `${f.function ?? ''}@${url}:${f.lineno}:${f.colno}`).join('\n') + '\nglobal code@' + url + ':1:1',
    };
    for (const [browser, stack] of Object.entries(stacks)) {
      const report = reportToEvent({ message: 'negative price: -125', name: 'RangeError', stack, url: `${site.origin}/checkout` }, { receivedAt: new Date(), maxFrames: 250 });
      const event = create(SentryEventSchema, report.event);
      event.release = 'shop@1.0.0';
      await svc.ingest(event);
      const enriched = await svc.waitFor(event.eventId);
      expect({ browser, top: topFrame(enriched) }).toMatchObject({ browser, top: { filename: '/src/format.ts', lineno: 4, colno: 11, function: 'formatPrice' } });
    }
  });

  it('counts every frame in faultline_sourcemap_frames_total{project,result}', async () => {
    const metrics = await svc.metrics();
    const project = String(svc.project.id);
    expect(metricValue(metrics, 'faultline_sourcemap_frames_total', { project, result: 'applied' })).toBeGreaterThan(5);
    expect(metricValue(metrics, 'faultline_sourcemap_frames_total', { project, result: 'map_parse_error' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'faultline_sourcemap_frames_total', { project, result: 'no_release_artifact' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'faultline_sourcemap_frames_total', { project, result: 'no_debug_id_match' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'faultline_sourcemap_frames_total', { project, result: 'not_applicable' })).toBeGreaterThanOrEqual(1);
  });
});
