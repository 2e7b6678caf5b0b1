// Envelopes and events produced by the real @sentry/node client and @sentry/core serializers.
import { createClientReportEnvelope, createSessionEnvelope, dsnFromString, makeSession, serializeEnvelope } from '@sentry/core';
import { decodeMessage, encodeMessage, SentryEventSchema } from '@faultline/contracts';
import { captureEnvelopes, TEST_DSN, toBytes } from '../test/sdk-capture.js';
import { extractAuth } from './auth.js';
import { parseEnvelope, readEnvelopeHeader } from './envelope-parser.js';
import { normalizeEvent } from './event-normalizer.js';
import { parseJsonPayload } from './json-payload.js';

const limits = { maxItems: 100, maxItemBytes: 1024 * 1024 };
const options = { receivedAt: new Date(), maxFrames: 50 };

function thrower(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'id')");
}

describe('real SDK output', () => {
  it('parses and normalises an exception event with a real stack', async () => {
    const [sent] = await captureEnvelopes((scope) => {
      scope.setTag('area', 'checkout');
      scope.setUser({ id: '42', ip_address: '{{auto}}' });
      scope.addBreadcrumb({ category: 'ui.click', message: 'button#buy' });
      try {
        thrower();
      } catch (err) {
        scope.captureException(err);
      }
    });
    const env = parseEnvelope(toBytes(sent!), limits);
    expect(env.items.map((i) => i.type)).toEqual(['event']);
    expect(env.items[0]!.length).toBeUndefined();
    const json = parseJsonPayload(env.items[0]!.payload, 'item 0 (event)');
    const { eventId, event } = normalizeEvent(json, { ...options, overrideEventId: env.header.event_id });
    expect(eventId).toBe(env.header.event_id);
    const ex = event.exception!.values![0]!;
    expect(ex.type).toBe('TypeError');
    expect(ex.mechanism).toMatchObject({ type: 'generic', handled: true });
    const last = ex.stacktrace!.frames!.at(-1)!;
    expect(last.function).toBe('thrower');
    expect(last.filename).toMatch(/real-sdk\.spec\.ts$/);
    expect(last.lineno).toBeGreaterThan(0);
    expect(event.tags).toMatchObject({ area: 'checkout' });
    expect(event.user).toMatchObject({ id: '42', ipAddress: '{{auto}}' });
    expect(event.breadcrumbs!.values![0]!.message).toBe('button#buy');
    expect(event.sdk!.name).toBe('sentry.javascript.node');
    expect(event.release).toBe('web@1.0.0');
    // The message must survive the strict stream codec.
    decodeMessage(SentryEventSchema, encodeMessage(SentryEventSchema, event));
  });

  it('parses and normalises a message event', async () => {
    const [sent] = await captureEnvelopes((scope) => scope.captureMessage('Checkout failed for order 42', 'warning'));
    const env = parseEnvelope(toBytes(sent!), limits);
    const { event } = normalizeEvent(parseJsonPayload(env.items[0]!.payload, 'event'), options);
    expect(event.message!.formatted).toBe('Checkout failed for order 42');
    expect(event.level).toBe('warning');
  });

  it('parses a client report and a session envelope', () => {
    const dsn = dsnFromString(TEST_DSN)!;
    const report = serializeEnvelope(createClientReportEnvelope([{ reason: 'queue_overflow', category: 'error', quantity: 3 }], TEST_DSN, 1700000000));
    const parsedReport = parseEnvelope(toBytes(report), limits);
    expect(parsedReport.items.map((i) => i.type)).toEqual(['client_report']);
    expect(parseJsonPayload(parsedReport.items[0]!.payload, 'client_report')).toMatchObject({ discarded_events: [{ reason: 'queue_overflow', category: 'error', quantity: 3 }] });
    // createClientReportEnvelope puts the dsn in the header: a tunnel-style request authenticates with it.
    const header = readEnvelopeHeader(toBytes(report));
    expect(extractAuth({ query: {}, headers: {}, envelopeDsn: header.dsn }).source).toBe('envelope-dsn');

    const session = makeSession({ release: 'web@1.0.0', environment: 'test' });
    const sessionEnv = parseEnvelope(toBytes(serializeEnvelope(createSessionEnvelope(session, dsn, undefined))), limits);
    expect(sessionEnv.items.map((i) => i.type)).toEqual(['session']);
    expect(parseJsonPayload(sessionEnv.items[0]!.payload, 'session')).toMatchObject({ status: 'ok', attrs: { release: 'web@1.0.0' } });
  });
});
