// The canonical-form check must agree with protobuf-es: a value it accepts is exactly what
// `toJson(fromJson(value))` gives back; everything else is left to protobuf-es by the decoder.
import { fromJson, toJson } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { isCanonicalJson, timestampIsCanonical } from './canonical-json.js';
import { IngestedEventSchema } from './index.js';

function protobufCanonical(text: string): boolean {
  try {
    return toJson(TimestampSchema, fromJson(TimestampSchema, text)) === text;
  } catch {
    return false;
  }
}

describe('timestampIsCanonical', () => {
  const samples = [
    '2026-11-27T12:00:00Z',
    '2026-11-27T12:00:00.123Z',
    '2026-11-27T12:00:00.120Z',
    '2026-11-27T12:00:00.000Z',
    '2026-11-27T12:00:00.123456Z',
    '2026-11-27T12:00:00.123000Z',
    '2026-11-27T12:00:00.123456789Z',
    '2026-11-27T12:00:00.123456000Z',
    '2026-11-27T12:00:00.1Z',
    '2026-11-27T12:00:00+01:00',
    '2024-02-29T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-11-27T24:00:00Z',
    '2026-11-27T23:60:00Z',
    '2026-11-27T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999Z',
    '2026-11-27 12:00:00Z',
    '2026-11-27T12:00:00z',
    'yesterday',
  ];
  for (const text of samples) {
    it(text, () => expect(timestampIsCanonical(text)).toBe(protobufCanonical(text)));
  }
});

describe('isCanonicalJson', () => {
  const base = { project_id: '7', event_id: 'a'.repeat(32), received_at: '2026-11-27T12:00:00.123Z', source: 'INGEST_SOURCE_STORE', event: { platform: 'javascript', exception: { values: [{ stacktrace: { frames: [{ lineno: 3, in_app: false }] } }] } } };
  it('accepts what protobuf-es writes', () => {
    expect(JSON.stringify(toJson(IngestedEventSchema, fromJson(IngestedEventSchema, base)))).toBe(JSON.stringify(base));
    expect(isCanonicalJson(IngestedEventSchema, base)).toBe(true);
  });
  const others: [string, unknown][] = [
    ['an unknown member', { ...base, extra_member: 1 }],
    ['members out of field order', { event_id: base.event_id, project_id: '7' }],
    ['a default written out', { ...base, public_key: '' }],
    ['an enum by number', { ...base, source: 2 }],
    ['the zero enum value', { ...base, source: 'INGEST_SOURCE_UNSPECIFIED' }],
    ['a number as a string', { ...base, event: { exception: { values: [{ stacktrace: { frames: [{ lineno: '3' }] } }] } } }],
    ['a negative line', { ...base, event: { exception: { values: [{ stacktrace: { frames: [{ lineno: -3 }] } }] } } }],
    ['null for a message', { ...base, client: null }],
    ['an empty list', { ...base, event: { fingerprint: [] } }],
    ['an empty map', { ...base, event: { tags: {} } }],
    ['a map value that is not a string', { ...base, event: { tags: { a: 1 } } }],
    ['__proto__ in a Struct', { ...base, event: { extra: JSON.parse('{"__proto__": {"x": 1}}') } }],
    ['an array as the payload', [base]],
    // protobuf-es rejects strings that are not well-formed UTF-16 ("invalid UTF8"): the slow route decides.
    ['a lone surrogate in a string field', { ...base, event: { ...base.event, release: 'x\ud800y' } }],
    ['a lone surrogate in a map key', { ...base, event: { ...base.event, tags: { 'k\udc00': 'v' } } }],
    ['a lone surrogate in a Struct', { ...base, event: { ...base.event, extra: { note: 'end\ud83d' } } }],
  ];
  for (const [name, value] of others) {
    it(`leaves ${name} to protobuf-es`, () => expect(isCanonicalJson(IngestedEventSchema, value)).toBe(false));
  }
  it('accepts members out of field order only when asked (anyMemberOrder), and nothing else it would not accept', () => {
    const swapped = { event_id: base.event_id, project_id: '7', event: { exception: base.event.exception, platform: 'javascript' } };
    expect(isCanonicalJson(IngestedEventSchema, swapped)).toBe(false);
    expect(isCanonicalJson(IngestedEventSchema, swapped, { anyMemberOrder: true })).toBe(true);
    for (const [, value] of others.filter(([name]) => name !== 'members out of field order')) {
      expect(isCanonicalJson(IngestedEventSchema, value, { anyMemberOrder: true })).toBe(false);
    }
  });
  it('accepts well-formed non-ASCII text (a surrogate pair is not a lone surrogate)', () => {
    const canonical = toJson(IngestedEventSchema, fromJson(IngestedEventSchema, { ...base, event: { ...base.event, release: 'é 漢 🙂', tags: { clé: '🙂' } } }));
    expect(JSON.stringify(canonical)).toContain('漢 🙂');
    expect(isCanonicalJson(IngestedEventSchema, canonical)).toBe(true);
  });
});
