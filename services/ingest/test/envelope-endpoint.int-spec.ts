// The envelope, store and report endpoints against real NATS and PostgreSQL: durable
// before 200, stored once per event id, and every refusal with the right status and a
// body that says what is wrong.
import { gzipSync } from 'node:zlib';
import { envelopeOf, errorEvent, metricValue, startGateway, type Gateway } from './harness.js';

const id = (n: number) => n.toString(16).padStart(32, '0');

describe('ingest endpoints (real NATS and PostgreSQL)', () => {
  let gw: Gateway;
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}${path}`, { method: 'POST', body, headers });
  const envelopePath = () => `/api/${gw.project.id}/envelope/?sentry_key=${gw.key.publicKey}&sentry_version=7`;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('stores an envelope event on events.ingested.<project> before answering 200 with its id', async () => {
    const res = await post(envelopePath(), envelopeOf(errorEvent(id(1))), { origin: 'https://app.example.com' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: id(1) });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-sentry-rate-limits');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const stored = (await gw.ingested()).filter((m) => m.event.eventId === id(1));
    expect(stored).toHaveLength(1);
    expect(stored[0].subject).toBe(`events.ingested.${gw.project.id}`);
    expect(stored[0].headers['Nats-Msg-Id']).toBe(`${gw.project.id}:${id(1)}`);
    expect(stored[0].headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const frames = stored[0].event.event?.exception?.values[0].stacktrace?.frames ?? [];
    expect(frames.map((f) => [f.function, f.colno])).toEqual([
      ['HTMLButtonElement.onClick', 48213],
      ['renderCart', 51002],
    ]);
  });

  it('stores an SDK retry of the same event once, counting it as a duplicate', async () => {
    const body = envelopeOf(errorEvent(id(2)));
    expect((await post(envelopePath(), body)).status).toBe(200);
    expect((await post(envelopePath(), body)).status).toBe(200);
    expect((await gw.ingested()).filter((m) => m.event.eventId === id(2))).toHaveLength(1);
    expect(metricValue(await gw.metrics(), 'faultline_ingest_events_total', { project: String(gw.project.id), outcome: 'duplicate' })).toBeGreaterThanOrEqual(1);
  });

  it('accepts bodies sent as text/plain, the envelope type, gzip, deflate and br, and with X-Sentry-Auth', async () => {
    const zlib = await import('node:zlib');
    const cases: [string, string | Buffer, Record<string, string>][] = [
      ['plain', envelopeOf(errorEvent(id(10))), { 'content-type': 'text/plain;charset=UTF-8' }],
      ['envelope type', envelopeOf(errorEvent(id(11))), { 'content-type': 'application/x-sentry-envelope' }],
      ['gzip', gzipSync(envelopeOf(errorEvent(id(12)))), { 'content-encoding': 'gzip' }],
      ['deflate', zlib.deflateSync(envelopeOf(errorEvent(id(13)))), { 'content-encoding': 'deflate' }],
      ['br', zlib.brotliCompressSync(envelopeOf(errorEvent(id(14)))), { 'content-encoding': 'br' }],
      ['utf-8 encoding is ignored', envelopeOf(errorEvent(id(15))), { 'content-encoding': 'utf-8' }],
    ];
    for (const [name, body, headers] of cases) {
      const res = await post(envelopePath(), body, headers);
      expect(res.status, name).toBe(200);
    }
    const header = await post(`/api/${gw.project.id}/envelope/`, envelopeOf(errorEvent(id(16))), {
      'x-sentry-auth': `Sentry sentry_version=7, sentry_client=sentry.javascript.node/11.12.0, sentry_key=${gw.key.publicKey}`,
    });
    expect(header.status).toBe(200);
    const viaDsn = await post(`/api/${gw.project.id}/envelope/`, envelopeOf(errorEvent(id(17)), { dsn: gw.dsn }));
    expect(viaDsn.status).toBe(200);
    const ids = new Set((await gw.ingested()).map((m) => m.event.eventId));
    for (const n of [10, 11, 12, 13, 14, 15, 16, 17]) expect(ids.has(id(n))).toBe(true);
  });

  it('answers preflights for browsers', async () => {
    const res = await fetch(`${gw.url}/api/${gw.project.id}/envelope/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('accepts the legacy store endpoint and the plain JSON report endpoint', async () => {
    const store = await post(`/api/${gw.project.id}/store/?sentry_key=${gw.key.publicKey}`, JSON.stringify(errorEvent(id(20))), { 'content-type': 'application/json' });
    expect(store.status).toBe(200);
    expect(await store.json()).toEqual({ id: id(20) });
    const report = await post(
      `/api/v1/report?sentry_key=${gw.key.publicKey}`,
      JSON.stringify({
        message: 'Cannot read properties of undefined',
        stack: "TypeError: Cannot read properties of undefined (reading 'id')\n    at renderCart (https://app.example.com/static/js/main.3f9a1c.js:1:51002)\n    at HTMLButtonElement.onClick (https://app.example.com/static/js/main.3f9a1c.js:1:48213)",
        url: 'https://app.example.com/cart',
      }),
      { 'content-type': 'application/json' },
    );
    expect(report.status).toBe(200);
    const { id: reportId } = (await report.json()) as { id: string };
    const stored = (await gw.ingested()).find((m) => m.event.eventId === reportId);
    const frames = stored?.event.event?.exception?.values[0]?.stacktrace?.frames ?? [];
    expect(frames.map((f) => f.function)).toEqual(['HTMLButtonElement.onClick', 'renderCart']);
  });

  it('skips unknown and non-error item types without failing the envelope, and counts client reports', async () => {
    const body = [
      JSON.stringify({ event_id: id(30) }),
      JSON.stringify({ type: 'some_future_type' }),
      JSON.stringify({ whatever: true }),
      JSON.stringify({ type: 'session' }),
      JSON.stringify({ sid: 'abc', status: 'ok', started: new Date().toISOString(), init: true, attrs: { release: 'web@1' } }),
      JSON.stringify({ type: 'client_report' }),
      JSON.stringify({ timestamp: Date.now() / 1_000, discarded_events: [{ reason: 'ratelimit_backoff', category: 'error', quantity: 3 }] }),
      JSON.stringify({ type: 'event' }),
      JSON.stringify(errorEvent(id(30))),
    ].join('\n');
    const res = await post(envelopePath(), body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: id(30) });
    const text = await gw.metrics();
    const project = String(gw.project.id);
    expect(metricValue(text, 'faultline_ingest_items_total', { project, type: 'some_future_type' })).toBe(1);
    expect(metricValue(text, 'faultline_ingest_items_total', { project, type: 'session' })).toBe(1);
    expect(metricValue(text, 'faultline_client_discarded_total', { project, reason: 'ratelimit_backoff', category: 'error' })).toBe(3);
  });

  it.each([
    ['a truncated envelope', () => `${JSON.stringify({ event_id: id(40) })}\n${JSON.stringify({ type: 'event', length: 500 })}\n{"event_id":`, 400, /item/i],
    ['invalid JSON in the event', () => `${JSON.stringify({ event_id: id(41) })}\n${JSON.stringify({ type: 'event' })}\n{"event_id": nope}`, 400, /JSON/],
    ['a wrong length header', () => `${JSON.stringify({ event_id: id(42) })}\n${JSON.stringify({ type: 'event', length: 3 })}\n${JSON.stringify(errorEvent(id(42)))}`, 400, /./],
    ['an invalid envelope header', () => `{not json\n`, 400, /./],
  ])('answers 400 for %s, saying what is wrong', async (_name, body, status, detail) => {
    const res = await post(envelopePath(), body());
    expect(res.status).toBe(status);
    const json = (await res.json()) as { detail: string };
    expect(json.detail).toMatch(detail);
    expect(res.headers.get('x-sentry-error')).toBe(json.detail);
  });

  it('answers 413 for an event over the event size limit (a 10 MB body)', async () => {
    const huge = errorEvent(id(50));
    huge.extra = { blob: 'x'.repeat(10 * 1024 * 1024) };
    const res = await post(envelopePath(), envelopeOf(huge));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/exceeds 1048576/);
  });

  it('answers 413 for a gzip bomb without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20)); // 200 MiB of spaces, ~200 KB compressed
    const before = process.memoryUsage().rss;
    const res = await post(envelopePath(), bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/decompressed body exceeds/);
    expect(process.memoryUsage().rss - before).toBeLessThan(120 * 1024 * 1024);
  });

  it('answers 415 for an unsupported content encoding and 400 for a corrupt one', async () => {
    expect((await post(envelopePath(), 'x', { 'content-encoding': 'compress' })).status).toBe(415);
    const corrupt = await post(envelopePath(), 'not gzip at all', { 'content-encoding': 'gzip' });
    expect(corrupt.status).toBe(400);
    expect(((await corrupt.json()) as { detail: string }).detail).toMatch(/not valid gzip/);
  });

  it.each([
    ['missing auth', (g: Gateway) => `/api/${g.project.id}/envelope/`, {}, 401],
    ['a bad key', (g: Gateway) => `/api/${g.project.id}/envelope/?sentry_key=${'0'.repeat(32)}`, {}, 401],
    ['a malformed key', (g: Gateway) => `/api/${g.project.id}/envelope/?sentry_key=nope`, {}, 401],
    [
      'two auth methods',
      (g: Gateway) => `/api/${g.project.id}/envelope/?sentry_key=${g.key.publicKey}`,
      { 'x-sentry-auth': 'Sentry sentry_key=0123456789abcdef0123456789abcdef, sentry_version=7' },
      401,
    ],
    ['an unknown project', (g: Gateway) => `/api/999999/envelope/?sentry_key=${g.key.publicKey}`, {}, 404],
  ])('answers %s with the right status', async (_name, path, headers, status) => {
    const res = await post(path(gw), envelopeOf(errorEvent(id(60))), headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { detail: string }).detail.length).toBeGreaterThan(5);
  });
});
