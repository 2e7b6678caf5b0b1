import { syntheticEnrichedEvent } from '@faultline/platform-testing';
import { readFileSync } from 'node:fs';
import { create, EnrichedEventSchema, encodeMessage, fromCanonicalJson, isCanonicalJson, type EnrichedEvent, type MessageInitShape } from '@faultline/contracts';
import { decodeEnrichedForClustering, decodeExactly } from './event-decoder.js';

// The fast path's converter, wrapped so a test can tell which route the decoder took.
vi.mock('@faultline/contracts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@faultline/contracts')>();
  return { ...actual, fromCanonicalJson: vi.fn(actual.fromCanonicalJson) };
});

const encode = (s: string) => new TextEncoder().encode(s);

/** What the decoder did before its fast path: parse, drop the parts clustering never reads, protobuf-es `fromJson`. */
function decodeBefore(data: Uint8Array): EnrichedEvent {
  const json = JSON.parse(new TextDecoder().decode(data)) as Record<string, Record<string, unknown> | undefined>;
  for (const k of ['breadcrumbs', 'extra', 'contexts', 'modules', 'debug_meta']) delete json.event?.[k];
  for (const k of ['frames', 'pii']) delete json.enrichment?.[k];
  return decodeExactly(json);
}

/** The stripped JSON the fast path sees. */
function stripped(data: Uint8Array): unknown {
  const json = JSON.parse(new TextDecoder().decode(data)) as Record<string, Record<string, unknown> | undefined>;
  for (const k of ['breadcrumbs', 'extra', 'contexts', 'modules', 'debug_meta']) delete json.event?.[k];
  for (const k of ['frames', 'pii']) delete json.enrichment?.[k];
  return json;
}

/** An event like the clustering benchmark's (bench/clustering.bench.ts): 25 in-app frames, breadcrumbs, user, tags, request, user agent. */
function benchEvent(f: number, n: number): MessageInitShape<typeof EnrichedEventSchema> {
  return syntheticEnrichedEvent(f, n, {
    projectId: '1',
    eventId: n.toString(16).padStart(32, '0'),
    at: new Date(Date.UTC(2026, 10, 28, 1, 2, 3, n % 1000)),
    breadcrumbs: Array.from({ length: 30 }, (_, i) => ({ category: 'ui.click', message: `button.checkout-${i}`, level: 'info' })),
  });
}

describe('decodeEnrichedForClustering', () => {
  const body = encodeMessage(
    EnrichedEventSchema,
    create(EnrichedEventSchema, {
      projectId: '3',
      eventId: 'a'.repeat(32),
      event: {
        level: 'warning',
        exception: { values: [{ type: 'TypeError', stacktrace: { frames: [{ function: 'f', inApp: true }] } }] },
        breadcrumbs: { values: [{ message: 'clicked' }] },
        user: { id: 'u1' },
      },
      enrichment: { userAgent: { browserName: 'Firefox' }, trace: { traceId: 'b'.repeat(32) } },
    }),
  );

  it('keeps what clustering reads and drops breadcrumbs', () => {
    const e = decodeEnrichedForClustering(new TextEncoder().encode(body));
    expect(e.event?.exception?.values[0]?.stacktrace?.frames[0]?.inApp).toBe(true);
    expect(e.event?.user?.id).toBe('u1');
    expect(e.enrichment?.userAgent?.browserName).toBe('Firefox');
    expect(e.enrichment?.trace?.traceId).toBe('b'.repeat(32));
    expect(e.event?.breadcrumbs).toBeUndefined();
  });

  it('keeps of the per-frame records only what grouping reads: which frames are named by their scope, and their name before', () => {
    const payload = {
      project_id: '3',
      event_id: 'a'.repeat(32),
      enrichment: {
        frames: [
          { exception_index: 0, frame_index: 0, status: 'SYMBOLICATION_STATUS_APPLIED', explanation: 'mapped to /src/main.js:24:10 by release file x', raw_frame: { filename: 'https://shop.example.com/app.js', function: 'ic', lineno: 1, colno: 99 }, source_map: 'https://shop.example.com/app.js.map', lookup: 'SOURCE_MAP_LOOKUP_RELEASE_URL', scope_name: true },
          { exception_index: 0, frame_index: 1, status: 'SYMBOLICATION_STATUS_APPLIED', raw_frame: { function: 'a' } },
          { exception_index: 0, frame_index: 2, raw_frame: {}, scope_name: true },
          // Malformed records are dropped, as all records were before, instead of failing the event.
          { exception_index: 'x', frame_index: 3, scope_name: true },
          { exception_index: 0, frame_index: 4, raw_frame: { function: 7 }, scope_name: true },
          null,
        ],
      },
      event: { exception: { values: [{ type: 'E', stacktrace: { frames: [{ function: 'onSearch' }, { function: 'b' }, { function: 'render' }] } }] } },
    };
    vi.mocked(fromCanonicalJson).mockClear();
    const e = decodeEnrichedForClustering(encode(JSON.stringify(payload)));
    expect(e.enrichment?.frames.map((f) => [f.exceptionIndex, f.frameIndex, f.rawFrame?.function, f.scopeName, f.explanation, f.sourceMap])).toEqual([
      [0, 0, 'ic', true, '', ''],
      [0, 2, '', true, '', ''],
    ]);
    expect(fromCanonicalJson).toHaveBeenCalledTimes(1);
    expect(decodeEnrichedForClustering(encode(JSON.stringify({ ...payload, enrichment: { frames: 'nope' } }))).enrichment?.frames).toEqual([]);
  });

  it('rejects bodies that are not JSON or not the contract', () => {
    expect(() => decodeEnrichedForClustering(new TextEncoder().encode('{nope'))).toThrow(/not valid UTF-8 JSON/);
    expect(() => decodeEnrichedForClustering(new TextEncoder().encode('{"project_id": 3, "surprise": 1}'))).toThrow(/EnrichedEvent/);
  });

  describe('fast path (canonical JSON) against protobuf-es fromJson', () => {
    const example = readFileSync(new URL('../../../../proto/examples/events-enriched.json', import.meta.url), 'utf8');
    const cases: [string, string][] = [
      ['the contract example (events.enriched)', JSON.stringify(JSON.parse(example))],
      ['the test event above', body],
      ...Array.from({ length: 20 }, (_, i): [string, string] => [`benchmark event ${i}`, encodeMessage(EnrichedEventSchema, create(EnrichedEventSchema, benchEvent(i * 97, i)))]),
      [
        'an event with Struct, Value, list, enum and optional members',
        encodeMessage(
          EnrichedEventSchema,
          create(EnrichedEventSchema, {
            projectId: '9',
            eventId: 'c'.repeat(32),
            source: 2,
            event: {
              message: { message: 'Payment %s failed', params: [{ kind: { case: 'stringValue', value: 'visa' } }, { kind: { case: 'numberValue', value: 3 } }] },
              fingerprint: ['{{ default }}', 'payments'],
              exception: {
                values: [
                  {
                    type: 'Error',
                    value: 'boom \ud83d\udca5',
                    mechanism: { type: 'generic', handled: false, synthetic: true, data: { fn: 'setTimeout', n: 2, nested: { a: [1, null, true] } } },
                    stacktrace: { frames: [{ function: 'a', inApp: false, preContext: ['x', ''], vars: { i: 1 } }, { function: 'b', lineno: 0, colno: 4_294_967_295 }] },
                  },
                ],
              },
              request: { url: 'https://x.test/', method: 'POST', data: { kind: { case: 'stringValue', value: 'raw' } }, headers: { a: 'b' } },
              tags: { '': 'empty key', 'é': 'ü' },
            },
          }),
        ),
      ],
    ];
    for (const [name, text] of cases) {
      it(`gives the same message for ${name}`, () => {
        const data = encode(text);
        expect(isCanonicalJson(EnrichedEventSchema, stripped(data))).toBe(true);
        expect(decodeEnrichedForClustering(data)).toStrictEqual(decodeBefore(data));
      });
    }

    it('takes the fast path for the payload as enrichment writes it (the event last, after enrichment), with the same message', () => {
      for (let i = 0; i < 5; i++) {
        const canonical = JSON.parse(encodeMessage(EnrichedEventSchema, create(EnrichedEventSchema, benchEvent(i * 31, i)))) as Record<string, unknown>;
        const { event, ...rest } = canonical;
        // Nested members out of order too: the decoder builds the message, so order cannot matter.
        const reordered = JSON.stringify({ ...rest, event: Object.fromEntries(Object.entries(event as object).reverse()) });
        expect(reordered.indexOf('"enrichment"')).toBeLessThan(reordered.indexOf('"event"'));
        const data = encode(reordered);
        expect(isCanonicalJson(EnrichedEventSchema, stripped(data))).toBe(false);
        expect(isCanonicalJson(EnrichedEventSchema, stripped(data), { anyMemberOrder: true })).toBe(true);
        vi.mocked(fromCanonicalJson).mockClear();
        expect(decodeEnrichedForClustering(data)).toStrictEqual(decodeBefore(data));
        expect(fromCanonicalJson).toHaveBeenCalledTimes(1);
      }
    });

    it('leaves other spellings of the same message to protobuf-es, with the same result', () => {
      const spelled = [
        '{"event_id": "' + 'd'.repeat(32) + '", "project_id": "4"}',
        '{"project_id": "4", "received_at": "2026-02-30T00:00:00Z"}',
        '{"project_id": "4", "event": {"level": "", "exception": {"values": [{"stacktrace": {"frames": [{"lineno": "7", "in_app": true}]}}]}}}',
        '{"project_id": "4", "received_at": "2026-11-28T01:02:03.100Z", "source": 2}',
        '{"project_id": "4", "event": {"tags": {}}}',
      ];
      // A lone surrogate in a Struct member is left to protobuf-es too (which accepts it).
      spelled.push('{"project_id": "4", "event": {"exception": {"values": [{"mechanism": {"data": {"a": "\\ud800"}}}]}}}');
      for (const text of spelled) expect(decodeEnrichedForClustering(encode(text))).toStrictEqual(decodeBefore(encode(text)));
    });

    it('rejects what protobuf-es rejects, with the same error', () => {
      const bad = [
        '{"project_id": 4}',
        '{"project_id": "4", "event": {"exception": {"values": [{"stacktrace": {"frames": [{"lineno": -1}]}}]}}}',
        '{"project_id": "4", "event": {"exception": {"values": [{"stacktrace": {"frames": [{"lineno": 4294967296}]}}]}}}',
        '{"project_id": "4", "source": "NOT_A_SOURCE"}',
        '{"project_id": "4", "event": {"tags": {"a": 1}}}',
        '{"project_id": "4", "unknown": true}',
        // Lone surrogates: not well-formed, which protobuf-es rejects as invalid UTF-8.
        '{"project_id": "4", "event": {"exception": {"values": [{"value": "\\ud800"}]}}}',
        '{"project_id": "4", "event": {"tags": {"k": "\\udc00"}}}',
        '{"project_id": "4", "event": {"tags": {"\\ud800": "v"}}}',
      ];
      for (const text of bad) {
        let before: unknown;
        try {
          decodeBefore(encode(text));
        } catch (error) {
          before = error;
        }
        expect(before).toBeInstanceOf(Error);
        expect(() => decodeEnrichedForClustering(encode(text))).toThrow((before as Error).message);
      }
    });
  });
});
