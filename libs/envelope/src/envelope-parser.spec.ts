import { DiscardReason } from '@faultline/contracts';
import { IngestError } from './errors.js';
import { parseEnvelope, readEnvelopeHeader } from './envelope-parser.js';
import { itemCategory, KNOWN_ITEM_TYPES } from './item-types.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const limits = { maxItems: 100, maxItemBytes: 1024 * 1024 };
const bytes = (s: string) => enc.encode(s);
const text = (b: Uint8Array) => dec.decode(b);
const EID = '9ec79c33ec9942ab8353589fcb2e04dc';

function fails(body: string | Uint8Array, kind: string, pattern: RegExp, l = limits): IngestError {
  try {
    parseEnvelope(typeof body === 'string' ? bytes(body) : body, l);
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    const e = err as IngestError;
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(pattern);
    return e;
  }
  throw new Error('expected parseEnvelope to throw');
}

describe('parseEnvelope', () => {
  it('parses items without length (the JS serializer) and no trailing newline', () => {
    const env = parseEnvelope(bytes(`{"event_id":"${EID}","dsn":"x"}\n{"type":"event"}\n{"message":"hi"}\n{"type":"session"}\n{"sid":"1"}`), limits);
    expect(env.header.event_id).toBe(EID);
    expect(env.items.map((i) => [i.type, text(i.payload), i.length])).toEqual([
      ['event', '{"message":"hi"}', undefined],
      ['session', '{"sid":"1"}', undefined],
    ]);
  });

  it('parses items with length, with a trailing newline', () => {
    const env = parseEnvelope(bytes(`{}\n{"type":"event","length":16}\n{"message":"hi"}\n`), limits);
    expect(env.items).toHaveLength(1);
    expect(env.items[0]!.length).toBe(16);
    expect(text(env.items[0]!.payload)).toBe('{"message":"hi"}');
  });

  it('accepts an envelope with headers only, with or without newline', () => {
    expect(parseEnvelope(bytes('{}'), limits).items).toEqual([]);
    expect(parseEnvelope(bytes('{}\n'), limits).items).toEqual([]);
  });

  it('parses empty payloads, implicit and explicit', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"attachment","length":0}\n\n{"type":"x"}\n\n{"type":"event"}\n{}'), limits);
    expect(env.items.map((i) => [i.type, i.payload.byteLength])).toEqual([
      ['attachment', 0],
      ['x', 0],
      ['event', 2],
    ]);
  });

  it('tolerates CRLF line ends (the \\r of an implicit payload stays payload data)', () => {
    const env = parseEnvelope(bytes('{}\r\n{"type":"event"}\r\n{"a":1}\r\n'), limits);
    expect(env.items[0]!.type).toBe('event');
    expect(text(env.items[0]!.payload)).toBe('{"a":1}\r');
    expect(JSON.parse(text(env.items[0]!.payload))).toEqual({ a: 1 });
  });

  it('keeps binary attachments with newlines intact when they carry a length', () => {
    const data = new Uint8Array([0, 10, 13, 10, 255, 10, 1]);
    const head = bytes(`{"event_id":"${EID}"}\n{"type":"attachment","length":${data.length},"filename":"a.bin"}\n`);
    const tail = bytes('\n{"type":"event"}\n{}');
    const body = new Uint8Array([...head, ...data, ...tail]);
    const env = parseEnvelope(body, limits);
    expect(Array.from(env.items[0]!.payload)).toEqual(Array.from(data));
    expect(env.items[0]!.header.filename).toBe('a.bin');
    expect(env.items[1]!.type).toBe('event');
  });

  it('rejects a truncated envelope, naming the item and offset', () => {
    const e = fails('{}\n{"type":"event"}\n{}\n{"type":"attachment","length":100}\nabc', 'invalid_envelope', /^item 1 at byte 23: truncated payload: "length" is 100 bytes but only 3 remain after byte 58$/);
    expect(e.reason).toBe(DiscardReason.ENVELOPE_INVALID);
  });

  it('rejects a wrong length that does not end at a newline', () => {
    fails('{}\n{"type":"event","length":5}\n{"message":"hi"}', 'invalid_envelope', /item 0 at byte 3: payload of declared length 5 is not followed by a newline at byte 36/);
  });

  it('rejects invalid header JSON with its position', () => {
    fails('{"event_id":x}\n{"type":"event"}\n{}', 'invalid_envelope', /^envelope header \(byte 0\): invalid JSON \(Unexpected token/);
    fails('{}\n{"type":"event",}\n{}', 'invalid_envelope', /^item 0 at byte 3: item header: invalid JSON/);
    fails('[]\n', 'invalid_envelope', /envelope header \(byte 0\): must be a JSON object/);
  });

  it('rejects items without a type, bad lengths, bad event ids and empty bodies', () => {
    fails('{}\n{"length":2}\n{}', 'invalid_envelope', /item 0 at byte 3: item header has no "type"/);
    fails('{}\n{"type":"event","length":-1}\n{}', 'invalid_envelope', /"length" must be a non-negative integer, got -1/);
    fails('{"event_id":"nope"}\n', 'invalid_envelope', /event_id must be a UUID/);
    fails('', 'invalid_envelope', /empty envelope/);
  });

  it('refuses too many items and items over the size limit', () => {
    const many = `{}\n${'{"type":"session"}\n{}\n'.repeat(4)}`;
    fails(many, 'too_large', /more than 3 items \(item 3 starts at byte \d+\)/, { maxItems: 3, maxItemBytes: 100 });
    const big = fails(`{}\n{"type":"event"}\n{"m":"${'x'.repeat(200)}"}`, 'too_large', /item 0 at byte 3: envelope exceeded size limits for type 'event' \(208 bytes, limit 100 bytes\)/, { maxItems: 3, maxItemBytes: 100 });
    expect(big.reason).toBe(DiscardReason.EVENT_TOO_LARGE);
    // A declared length over the limit is refused before the bytes are even looked for.
    fails(`{}\n{"type":"attachment","length":1000000}\n`, 'too_large', /type 'attachment' \(1000000 bytes/, { maxItems: 3, maxItemBytes: 100 });
  });

  it('passes unknown item types through', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"hologram","x":1}\n{"y":2}'), limits);
    expect(env.items[0]).toMatchObject({ type: 'hologram', header: { type: 'hologram', x: 1 } });
    expect(KNOWN_ITEM_TYPES.has('hologram')).toBe(false);
    expect(itemCategory('hologram')).toBe('unknown');
  });
});

describe('readEnvelopeHeader', () => {
  it('reads only the first line, so a broken item does not prevent dsn auth', () => {
    expect(readEnvelopeHeader(bytes('{"dsn":"https://k@h/1"}\n{not json'))).toEqual({ dsn: 'https://k@h/1' });
  });
});

describe('itemCategory', () => {
  it('maps item types to Sentry data categories', () => {
    expect(['event', 'transaction', 'session', 'sessions', 'client_report', 'attachment', 'user_report', 'replay_recording', 'check_in', 'log', 'profile_chunk'].map(itemCategory)).toEqual([
      'error', 'transaction', 'session', 'session', 'internal', 'attachment', 'default', 'replay', 'monitor', 'log_item', 'profile',
    ]);
  });
});
