import { readFileSync } from 'node:fs';
import { encodeMessage, SentryEventSchema } from '@faultline/contracts';
import { IngestError } from './errors.js';
import { reportToEvent } from './report.js';

const opts = { receivedAt: new Date('2026-01-01T00:00:00Z'), maxFrames: 50, generateEventId: () => 'a'.repeat(32) };
const chrome = (JSON.parse(readFileSync(new URL('../test/fixtures/chrome-stacks.json', import.meta.url), 'utf8')) as { stacks: Record<string, string> }).stacks;

describe('reportToEvent', () => {
  it('turns a report with a Chrome stack into the event the SDK would send', () => {
    const { eventId, event } = reportToEvent(
      { message: "Cannot read properties of undefined (reading 'reduce')", name: 'TypeError', stack: chrome.method, url: 'https://app.test/cart', release: 'web@2', environment: 'prod', level: 'warning', user: { id: 5, email: 'a@b.c', ip_address: '1.2.3.4' }, tags: { area: 'cart' }, extra: { n: 1 }, timestamp: 1700000000 },
      opts,
    );
    expect(eventId).toBe('a'.repeat(32));
    const json = JSON.parse(encodeMessage(SentryEventSchema, event));
    expect(json).toMatchObject({ platform: 'javascript', level: 'warning', release: 'web@2', environment: 'prod', request: { url: 'https://app.test/cart' }, user: { id: '5', email: 'a@b.c' }, tags: { area: 'cart' }, extra: { n: 1 }, timestamp: '2023-11-14T22:13:20Z' });
    expect(json.user.ip_address).toBeUndefined();
    const ex = json.exception.values[0];
    expect(ex).toMatchObject({ type: 'TypeError', value: "Cannot read properties of undefined (reading 'reduce')", mechanism: { type: 'faultline.report', handled: true } });
    expect(ex.stacktrace.frames.at(-1)).toEqual({ filename: 'http://app.test/static/app.js', abs_path: 'http://app.test/static/app.js', function: 'Cart.total', lineno: 2, colno: 42, in_app: true });
  });

  it('accepts a bare message and `type` for the error name', () => {
    const { event } = reportToEvent({ message: 'boom', type: 'ChunkLoadError' }, opts);
    expect(event.exception!.values![0]).toMatchObject({ type: 'ChunkLoadError', value: 'boom' });
    expect(event.exception!.values![0]!.stacktrace).toBeUndefined();
  });

  it('rejects bad reports with the field at fault', () => {
    const cases: [unknown, string][] = [
      ['x', 'report: expected a JSON object, got a string "x"'],
      [{}, 'message: expected a non-empty string, got undefined'],
      [{ message: 'm', stack: 5 }, 'stack: expected a string, got the number 5'],
      [{ message: 'm', user: 'bob' }, 'user: expected an object, got a string "bob"'],
      [{ message: 'm', level: 'loud' }, 'level: expected one of fatal, error, warning, info, debug, got "loud"'],
      [{ message: 'm', tags: 3 }, 'tags: expected an object or a list of [key, value] pairs, got the number 3'],
    ];
    for (const [body, message] of cases) {
      const err = (() => {
        try {
          reportToEvent(body, opts);
        } catch (e) {
          return e as IngestError;
        }
        throw new Error('expected a rejection');
      })();
      expect(err.kind).toBe('invalid_event');
      expect(err.message).toBe(message);
    }
  });
});
