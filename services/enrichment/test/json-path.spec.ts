// The consumer's JSON path (decodeIngestedJson → Enricher) must publish exactly the bytes of the
// message-based path it replaced (decodeMessage → MessageEnricher): the same ingested payloads go
// through both and the enriched payloads are compared as strings. The events vary what the JSON
// path treats specially: mapped frames (shared between events), frames that stay minified, frames
// with vars, events without a stack or without an event, PII, User-Agents, and payloads that are
// valid but not in canonical form (other key spellings, defaults written out, members out of order).
import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping';
import { ContractDecodeError, decodeMessage, IngestedEventSchema } from '@faultline/contracts';
import { MapCache, MemoryArtifactSource } from '@faultline/sourcemaps';
import * as esbuild from 'esbuild';
import { Enricher, type EnricherOptions } from '../src/pipeline/enricher.js';
import { decodeIngestedJson } from '../src/pipeline/ingested-decoder.js';
import type { ProjectSettings } from '../src/pipeline/project-settings.js';
import { MessageEnricher } from './message-enricher.js';

const SCRIPT = 'https://shop.example.com/static/app.min.js';
const FILES: Record<string, string> = {
  'src/main.js': [
    "import { checkout } from './cart.js';",
    "import { pad } from 'left-pad';",
    'export function start(items) {',
    '  const label = pad(String(items.length), 4);',
    `  const banner = '${'x'.repeat(220)}';`,
    '  return checkout(items, label + banner);',
    '}',
    'globalThis.start = start;',
  ].join('\n'),
  'src/cart.js': [
    'export function checkout(items, label) {',
    '  let total = 0; // naïve sum ✓ 😀',
    '  for (const item of items) total += priceOf(item);',
    '  if (total < 0) throw new RangeError(`negative total ${label}`);',
    '  return total;',
    '}',
    'function priceOf(item) {',
    '  return item.cents * item.quantity;',
    '}',
  ].join('\n'),
  'node_modules/left-pad/index.js': 'export function pad(s, n) {\n  while (s.length < n) s = " " + s;\n  return s;\n}',
};

let code: string;
let map: string;
let positions: { lineno: number; colno: number }[];

beforeAll(async () => {
  const result = await esbuild.build({
    entryPoints: ['src/main.js'],
    bundle: true,
    minify: true,
    format: 'iife',
    sourcemap: 'external',
    sourcesContent: true,
    write: false,
    outfile: '/shop/out/app.min.js',
    logLevel: 'silent',
    plugins: [
      {
        name: 'memory',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            const path = args.path.startsWith('./') ? `src/${args.path.slice(2)}` : args.path.startsWith('src/') ? args.path : `node_modules/${args.path}/index.js`;
            return { path: `/shop/${path}` };
          });
          b.onLoad({ filter: /^\/shop\// }, (args) => ({ contents: FILES[args.path.slice('/shop/'.length)]!, loader: 'js' }));
        },
      },
    ],
  });
  code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text + '\n//# sourceMappingURL=app.min.js.map\n';
  map = result.outputFiles.find((f) => f.path.endsWith('.map'))!.text;
  const decoded = decodedMappings(new TraceMap(map));
  positions = [];
  decoded.forEach((line, i) => line.forEach((seg) => seg.length >= 4 && positions.push({ lineno: i + 1, colno: seg[0] + 1 })));
});

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const NOW = new Date('2026-11-27T12:34:56.789Z');

function setup(settings: Record<string, Omit<ProjectSettings, 'pii' | 'piiKey'> & { pii?: ProjectSettings['pii'] }> = {}) {
  const source = new MemoryArtifactSource();
  for (const project of ['7', '8']) {
    source.add({ projectId: project, release: 'shop@1', url: '~/static/app.min.js', kind: 'minified_source', content: code });
    source.add({ projectId: project, release: 'shop@1', url: '~/static/app.min.js.map', kind: 'source_map', content: map });
  }
  const options = (): EnricherOptions => ({
    source,
    cache: new MapCache(),
    maxMapBytes: 64 * 1024 * 1024,
    inAppExclude: [/\/vendor\//],
    pii: { default: {}, projects: { '8': { emails: false }, shop: { creditCards: false } } },
    projectSettings: async (id) => {
      const s = settings[id] ?? { slug: id === '8' ? 'shop' : undefined, storeIp: false };
      return { ...s, pii: s.pii ?? {}, piiKey: JSON.stringify(s.pii ?? {}) };
    },
  });
  return { json: new Enricher(options()), message: new MessageEnricher(options()) };
}

/** A minified frame at mapped position `i` (the positions are real segments of the bundle's map). */
function frame(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const p = positions[(i * 7) % positions.length]!;
  return { filename: SCRIPT, abs_path: SCRIPT, function: i % 3 === 0 ? '?' : 'e', lineno: p.lineno, colno: p.colno, in_app: true, ...extra };
}

function ingested(n: number, event: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    project_id: '7',
    event_id: n.toString(16).padStart(32, '0'),
    received_at: '2026-11-27T12:00:00.123Z',
    source: 'INGEST_SOURCE_ENVELOPE',
    client: { sdk_name: 'sentry.javascript.browser', sdk_version: '11.12.0', client_ip: '198.51.100.7', user_agent: UA },
    ...(event ? { event } : {}),
    ...extra,
  };
}

const fullEvent = (n: number): Record<string, unknown> => ({
  event_id: n.toString(16).padStart(32, '0'),
  timestamp: '2026-11-27T11:59:59.5Z'.replace('.5Z', '.500Z'),
  platform: 'javascript',
  level: 'error',
  release: 'shop@1',
  environment: 'production',
  exception: {
    values: [
      { type: 'Error', value: 'wrapped', stacktrace: { frames: [frame(n), frame(n + 1)] } },
      {
        type: 'RangeError',
        value: `negative total for jane.doe@example.com card 4111 1111 1111 1111 #${n} — café 😀 \u2028`,
        mechanism: { type: 'onerror', handled: false },
        stacktrace: { frames: Array.from({ length: 25 }, (_, i) => frame(n * 25 + i)) },
      },
    ],
  },
  breadcrumbs: { values: [{ timestamp: '2026-11-27T11:59:58Z', category: 'fetch', message: 'GET /api/cart?token=abc', data: { url: 'https://shop.example.com/api/cart?token=abc', status_code: 200 } }] },
  request: {
    url: `https://shop.example.com/orders/${n}/items?session=s-1`,
    method: 'GET',
    headers: { 'User-Agent': UA, Cookie: 'sid=secret', 'X-Forwarded-For': '203.0.113.9', Authorization: 'Bearer abc.def' },
  },
  user: { id: `u${n}`, email: 'jane.doe@example.com', ip_address: '203.0.113.9', data: { password: 'hunter2', nested: { api_key: 'k', list: [1, 'two', null, true, { x: 1.5 }] } } },
  contexts: { trace: { trace_id: 'ab'.repeat(16), span_id: 'cd'.repeat(8), op: 'navigation' }, app: { build: 42 } },
  tags: { route: 'orders' },
  extra: { note: 'call me at jane.doe@example.com', unknown_shape: { deep: [[{ a: null }]], '': 'empty key', '2': 'numeric key' } },
  fingerprint: ['{{ default }}'],
  sdk: { name: 'sentry.javascript.browser', version: '11.12.0', integrations: ['InboundFilters'] },
});

/** The two paths' payloads for one ingested payload text (or the two decode errors). */
async function both(enrichers: ReturnType<typeof setup>, text: string): Promise<{ json: string; message: string }> {
  let message: string;
  try {
    message = (await enrichers.message.enrich(decodeMessage(IngestedEventSchema, text), NOW)).body;
  } catch (error) {
    message = `error: ${(error as Error).message}`;
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode((await enrichers.json.enrich(decodeIngestedJson(text), NOW)).body);
  } catch (error) {
    json = `error: ${(error as Error).message}`;
  }
  return { json, message };
}

describe('the JSON path publishes the bytes of the message path', () => {
  const cases: [string, () => Record<string, unknown>][] = [
    ['a full event: mapped frames, PII, User-Agent, route, trace, breadcrumbs', () => ingested(1, fullEvent(1))],
    ['no stack trace', () => ingested(2, { message: { formatted: 'hello jane.doe@example.com' }, release: 'shop@1', request: { url: 'https://shop.example.com/' } })],
    ['no event at all', () => ingested(3, undefined)],
    ['no client, User-Agent only in headers, no source', () => ({ project_id: '7', event_id: 'f'.repeat(32), event: { request: { headers: { 'user-agent': UA } } } })],
    ['frames that stay minified', () =>
      ingested(4, {
        release: 'shop@1',
        exception: {
          values: [
            {
              type: 'Error',
              stacktrace: {
                frames: [
                  { filename: '[native code]', function: 'forEach' },
                  { filename: 'https://cdn.example.com/other.js', abs_path: 'https://cdn.example.com/other.js', lineno: 1, colno: 5 },
                  { filename: SCRIPT, abs_path: SCRIPT, colno: 5 },
                  { filename: SCRIPT, abs_path: SCRIPT, lineno: 900, colno: 5 },
                  { filename: SCRIPT, abs_path: SCRIPT, lineno: 1, colno: 3, platform: 'python' },
                  frame(5, { platform: 'javascript', module: 'app' }),
                ],
              },
            },
            { type: 'Error', value: 'no stack' },
            { type: 'Error', stacktrace: {} },
          ],
        },
      })],
    ['frames with vars (scrubbed in the event, raw in raw_frame)', () =>
      ingested(5, { release: 'shop@1', exception: { values: [{ type: 'Error', stacktrace: { frames: [frame(1, { vars: { password: 'p', ok: 'jane.doe@example.com' } }), frame(2)] } }] } })],
    ['a debug id that matches nothing', () =>
      ingested(6, {
        release: 'shop@1',
        exception: { values: [{ type: 'Error', stacktrace: { frames: [frame(3)] } }] },
        debug_meta: { images: [{ type: 'sourcemap', code_file: SCRIPT, debug_id: '5e3a1c2b-9f4d-4e6a-8b7c-0d1e2f3a4b5c' }] },
      })],
    ['project 8: emails kept by id, cards kept by slug', () => ({ ...ingested(7, fullEvent(7)), project_id: '8' })],
    ['no release: no map', () => ingested(8, { ...fullEvent(8), release: undefined })],
  ];

  for (const [name, make] of cases) {
    it(name, async () => {
      const enrichers = setup();
      const text = JSON.stringify(make());
      // Twice: the second time mapped frames come from the shared per-position cache.
      for (let round = 0; round < 2; round++) {
        const { json, message } = await both(enrichers, text);
        expect(message).not.toMatch(/^error/);
        expect(json).toBe(message);
      }
    });
  }

  it('the full event is really symbolicated (the comparison is not between two unchanged events)', async () => {
    const { json } = await both(setup(), JSON.stringify(ingested(1, fullEvent(1))));
    const payload = JSON.parse(json) as { enrichment: { frames: { status: string; scope_name?: boolean }[]; pii: unknown[] }; event: { exception: { values: { stacktrace: { frames: Record<string, unknown>[] } }[] } } };
    expect(payload.enrichment.frames.filter((f) => f.status === 'SYMBOLICATION_STATUS_APPLIED').length).toBeGreaterThan(20);
    // Frames named by call sites and frames named by their scope (`scope_name`) are both compared.
    expect(payload.enrichment.frames.some((f) => f.scope_name === true)).toBe(true);
    expect(payload.enrichment.frames.some((f) => f.status === 'SYMBOLICATION_STATUS_APPLIED' && f.scope_name === undefined)).toBe(true);
    expect(payload.enrichment.pii.length).toBeGreaterThan(3);
    const frames = payload.event.exception.values[1]!.stacktrace.frames;
    expect(frames.some((f) => f.filename === '/src/cart.js' && f.module === 'src/cart' && typeof f.context_line === 'string')).toBe(true);
    expect(frames.some((f) => f.in_app === false)).toBe(true);
  });

  it('a project that stores IPs, and one with scrubbing off', async () => {
    const enrichers = setup({ '7': { storeIp: true, pii: { emails: false, extraKeys: ['note'] } }, '8': { storeIp: false, slug: 'shop', pii: { enabled: false } } });
    for (const text of [JSON.stringify(ingested(9, fullEvent(9))), JSON.stringify({ ...ingested(10, fullEvent(10)), project_id: '8' })]) {
      const { json, message } = await both(enrichers, text);
      expect(json).toBe(message);
    }
  });

  it('many events sharing positions stay identical', async () => {
    const enrichers = setup();
    for (let n = 0; n < 40; n++) {
      const { json, message } = await both(enrichers, JSON.stringify(ingested(100 + n, fullEvent(n % 5))));
      expect(json).toBe(message);
    }
  });

  it('payloads in non-canonical spellings are normalised exactly as protobuf-es does', async () => {
    const enrichers = setup();
    const base = ingested(11, fullEvent(11));
    const variants: Record<string, unknown>[] = [
      { ...base, source: 1 }, // enum by number
      { event: base.event, ...base }, // members out of field order
      { ...base, public_key: '' }, // a default written out
      { ...base, received_at: '2026-11-27T12:00:00.123000Z' }, // a timestamp with more digits than needed
      { ...base, received_at: '2026-11-27T13:00:00.123+01:00' }, // a timestamp with an offset
      { ...base, event: { ...(base.event as object), exception: { values: [{ type: 'E', stacktrace: { frames: [{ ...frame(4), lineno: String(positions[28]!.lineno), module: '', in_app: null }] } }] } } },
      { ...base, client: { ...(base.client as object), sdk_name: null } },
      { ...base, event: { ...(base.event as object), tags: {} } },
    ];
    for (const variant of variants) {
      const text = JSON.stringify(variant);
      expect(decodeIngestedJson(text)).toEqual(JSON.parse(JSON.stringify(decodeIngestedJson(JSON.stringify(variant)))));
      const { json, message } = await both(enrichers, text);
      expect(message).not.toMatch(/^error/);
      expect(json).toBe(message);
    }
  });

  it('invalid payloads fail as before: unknown members, wrong types, not JSON', async () => {
    const base = ingested(12, fullEvent(12));
    const bad = [
      JSON.stringify({ ...base, surprise: 1 }),
      JSON.stringify({ ...base, event: { ...(base.event as object), surprise: true } }),
      JSON.stringify({ ...base, event: { ...(base.event as object), tags: { a: 1 } } }),
      JSON.stringify({ ...base, event: { ...(base.event as object), exception: { values: [{ stacktrace: { frames: [{ lineno: -1 }] } }] } } }),
      JSON.stringify({ ...base, received_at: 'yesterday' }),
      '{"project_id": "7",',
      '[]',
    ];
    for (const text of bad) {
      let expected: Error | undefined;
      try {
        decodeMessage(IngestedEventSchema, text);
      } catch (error) {
        expected = error as Error;
      }
      expect(expected).toBeInstanceOf(ContractDecodeError);
      expect(() => decodeIngestedJson(text)).toThrow(expected!.message);
    }
  });

  it('keeps canonical payloads as parsed (the fast path)', () => {
    const text = JSON.stringify(ingested(13, fullEvent(13)));
    const decoded = decodeIngestedJson(text);
    // The canonical form of this payload is the payload itself.
    expect(JSON.stringify(decoded)).toBe(text);
  });
});
