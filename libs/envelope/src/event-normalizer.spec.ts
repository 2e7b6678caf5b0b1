import { decodeMessage, encodeMessage, SentryEventSchema } from '@faultline/contracts';
import { IngestError } from './errors.js';
import { normalizeEvent, type NormalizeOptions } from './event-normalizer.js';

const opts: NormalizeOptions = { receivedAt: new Date('2026-01-02T03:04:05.678Z'), maxFrames: 50, generateEventId: () => '11111111-2222-3333-4444-555555555555' };
const EID = '9ec79c33ec9942ab8353589fcb2e04dc';

function invalid(json: unknown, message: string, o: NormalizeOptions = opts): void {
  try {
    normalizeEvent(json, o);
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).kind).toBe('invalid_event');
    expect((err as IngestError).message).toBe(message);
    return;
  }
  throw new Error('expected normalizeEvent to throw');
}

/** The event as stream JSON, re-decoded strictly: proves the message survives the contract codec. */
function roundTrip(json: unknown, o: NormalizeOptions = opts) {
  const { event } = normalizeEvent(json, o);
  const text = encodeMessage(SentryEventSchema, event);
  decodeMessage(SentryEventSchema, text);
  return JSON.parse(text);
}

describe('normalizeEvent shapes', () => {
  it('accepts exception as {values}, a bare array and a single object', () => {
    const ex = { type: 'TypeError', value: 'x', stacktrace: { frames: [{ filename: 'a.js', lineno: 1, colno: 2 }] } };
    for (const exception of [{ values: [ex] }, [ex], ex]) {
      expect(roundTrip({ event_id: EID, exception }).exception).toEqual({ values: [{ type: 'TypeError', value: 'x', stacktrace: { frames: [{ filename: 'a.js', lineno: 1, colno: 2 }] } }] });
    }
  });

  it('accepts message as a string, an object, and logentry (which wins)', () => {
    expect(roundTrip({ message: 'plain' }).message).toEqual({ formatted: 'plain' });
    expect(roundTrip({ message: { message: 'Order %s failed', params: ['42', 7], formatted: 'Order 42 failed' } }).message).toEqual({ message: 'Order %s failed', formatted: 'Order 42 failed', params: ['42', 7] });
    expect(roundTrip({ message: 'legacy', logentry: { formatted: 'canonical' } }).message).toEqual({ formatted: 'canonical' });
  });

  it('keeps nested JSON in message params and request data', () => {
    const out = roundTrip({ message: { message: '%s', params: [{ a: [1, { b: null }] }] }, request: { url: 'https://app.test/', method: 'post', data: { x: [1, 'y'] }, query_string: [['q', 'a b']], cookies: 'a=1; b=2', headers: [['User-Agent', 'UA']] } });
    expect(out.message.params).toEqual([{ a: [1, { b: null }] }]);
    expect(out.request).toEqual({ url: 'https://app.test/', method: 'POST', data: { x: [1, 'y'] }, query_string: 'q=a+b', cookies: { a: '1', b: '2' }, headers: { 'User-Agent': 'UA' } });
  });

  it('accepts tags as an object or as pairs, stringifying values', () => {
    expect(roundTrip({ tags: { a: 1, b: true, c: 'x', d: null } }).tags).toEqual({ a: '1', b: 'true', c: 'x' });
    expect(roundTrip({ tags: [['a', 1], ['b', 'y']] }).tags).toEqual({ a: '1', b: 'y' });
  });

  it('accepts timestamps as float seconds and RFC 3339, defaulting to the receive time', () => {
    expect(roundTrip({ timestamp: 1700000000.25 }).timestamp).toBe('2023-11-14T22:13:20.250Z');
    expect(roundTrip({ timestamp: '2023-11-14T23:13:20.123456+01:00' }).timestamp).toBe('2023-11-14T22:13:20.123456Z');
    expect(roundTrip({ timestamp: '2023-11-14T22:13:20' }).timestamp).toBe('2023-11-14T22:13:20Z');
    const { seconds, nanos } = normalizeEvent({}, opts).event.timestamp!;
    expect(new Date(Number(seconds) * 1000 + (nanos ?? 0) / 1e6).toISOString()).toBe('2026-01-02T03:04:05.678Z');
  });

  it('accepts breadcrumbs as {values} or a bare array and keeps the newest', () => {
    const crumbs = [1, 2, 3].map((i) => ({ timestamp: 1700000000 + i, category: 'ui.click', message: `c${i}`, data: { i } }));
    expect(roundTrip({ breadcrumbs: crumbs }).breadcrumbs.values).toHaveLength(3);
    const kept = roundTrip({ breadcrumbs: { values: crumbs } }, { ...opts, maxBreadcrumbs: 2 }).breadcrumbs.values;
    expect(kept.map((c: { message: string }) => c.message)).toEqual(['c2', 'c3']);
    expect(kept[0]).toEqual({ timestamp: '2023-11-14T22:13:22Z', category: 'ui.click', message: 'c2', data: { i: 2 } });
  });

  it('keeps user.ip_address as sent, moves unknown user keys to data, stringifies numeric ids', () => {
    expect(roundTrip({ user: { id: 7, ip_address: '{{auto}}', name: 'Ann', data: { plan: 'pro' } } }).user).toEqual({ id: '7', ip_address: '{{auto}}', data: { plan: 'pro', name: 'Ann' } });
  });

  it('keeps contexts and extra free-form and drops unknown top-level keys', () => {
    const out = roundTrip({ contexts: { browser: { name: 'Chrome', version: '120' }, custom: { list: [1, null, { a: 'b' }] } }, extra: { n: 1 }, whatever: 1, spans: [] });
    expect(out.contexts).toEqual({ browser: { name: 'Chrome', version: '120' }, custom: { list: [1, null, { a: 'b' }] } });
    expect(out.extra).toEqual({ n: 1 });
    expect(out.whatever).toBeUndefined();
  });

  it('normalises event ids: dashed UUIDs, upper case, fallback, override, generated', () => {
    expect(normalizeEvent({ event_id: '9EC79C33-EC99-42AB-8353-589FCB2E04DC' }, opts).eventId).toBe(EID);
    expect(normalizeEvent({}, { ...opts, fallbackEventId: EID }).eventId).toBe(EID);
    expect(normalizeEvent({ event_id: 'a'.repeat(32) }, { ...opts, overrideEventId: EID }).eventId).toBe(EID);
    expect(normalizeEvent({}, opts).eventId).toBe('11111111222233334444555555555555');
    expect(normalizeEvent({}, { receivedAt: new Date(), maxFrames: 5 }).eventId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts an event with neither exception nor message', () => {
    const { event } = normalizeEvent({ event_id: EID, level: 'warn' }, opts);
    expect(event.level).toBe('warning');
    expect(event.exception).toBeUndefined();
  });

  it('keeps the first and last halves of a long stack and counts what it dropped', () => {
    const frames = Array.from({ length: 120 }, (_, i) => ({ function: `f${i}`, lineno: i + 1 }));
    const res = normalizeEvent({ exception: { values: [{ type: 'E', stacktrace: { frames } }, { type: 'F', stacktrace: { frames: frames.slice(0, 10) } }] } }, { ...opts, maxFrames: 9 });
    const kept = res.event.exception!.values![0]!.stacktrace!.frames!.map((f) => f.function);
    expect(kept).toEqual(['f0', 'f1', 'f2', 'f3', 'f115', 'f116', 'f117', 'f118', 'f119']);
    expect(res.truncatedFrames).toBe(111 + 1);
  });

  it('keeps mechanism, frames flags and context lines', () => {
    const out = roundTrip({ exception: { values: [{ type: 'E', mechanism: { type: 'onerror', handled: false, data: { x: 1 } }, stacktrace: { frames: [{ filename: 'a', in_app: true, lineno: '12', pre_context: ['a'], context_line: 'b', post_context: ['c'], instruction_addr: '0x1' }] } }] } });
    expect(out.exception.values[0]).toEqual({ type: 'E', mechanism: { type: 'onerror', handled: false, data: { x: 1 } }, stacktrace: { frames: [{ filename: 'a', in_app: true, lineno: 12, pre_context: ['a'], context_line: 'b', post_context: ['c'] }] } });
  });
});

describe('normalizeEvent rejections', () => {
  it('says what is wrong and where', () => {
    invalid([], 'event: expected a JSON object, got an array');
    invalid({ exception: { values: 'x' } }, 'exception.values: expected an array, got a string "x"');
    invalid({ exception: 5 }, 'exception: expected an object with "values", a list or a single exception, got the number 5');
    invalid({ exception: { values: [{ stacktrace: { frames: [{}, { lineno: 'twelve' }] } }] } }, 'exception.values[0].stacktrace.frames[1].lineno: expected a non-negative integer, got a string "twelve"');
    invalid({ exception: { values: [{ stacktrace: { frames: [{ in_app: 'yes' }] } }] } }, 'exception.values[0].stacktrace.frames[0].in_app: expected a boolean, got a string "yes"');
    invalid({ event_id: 'xyz' }, 'event_id: not a UUID (32 hex digits, dashes allowed): "xyz"');
    invalid({ event_id: 12 }, 'event_id: expected a UUID string, got the number 12');
    invalid({ timestamp: 'yesterday' }, 'timestamp: expected unix seconds or an RFC 3339 string, got a string "yesterday"');
    invalid({ tags: 'a=b' }, 'tags: expected an object or a list of [key, value] pairs, got a string "a=b"');
    invalid({ tags: [['a']] }, 'tags[0]: expected a [key, value] pair, got an array');
    invalid({ breadcrumbs: [{ timestamp: {} }] }, 'breadcrumbs[0].timestamp: expected unix seconds or an RFC 3339 string, got an object');
    invalid({ contexts: [1] }, 'contexts: expected an object, got an array');
    invalid({ level: 'loud' }, 'level: expected one of fatal, error, warning, info, debug, got "loud"');
    invalid({ message: 5 }, 'message: expected a string or an object with "message"/"formatted", got the number 5');
    invalid({ user: { email: 5 } }, 'user.email: expected a string, got the number 5');
  });
});
