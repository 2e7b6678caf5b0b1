import { create, EnrichedEventSchema, encodeMessage } from '@faultline/contracts';
import { decodeEnrichedForClustering } from './event-decoder.js';

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

  it('rejects bodies that are not JSON or not the contract', () => {
    expect(() => decodeEnrichedForClustering(new TextEncoder().encode('{nope'))).toThrow(/not valid UTF-8 JSON/);
    expect(() => decodeEnrichedForClustering(new TextEncoder().encode('{"project_id": 3, "surprise": 1}'))).toThrow(/EnrichedEvent/);
  });
});
