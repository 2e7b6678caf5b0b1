import { countSessions, parseClientReport } from './client-report.js';
import { IngestError } from './errors.js';

const b = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('parseClientReport', () => {
  it('reads the SDK\'s discarded events', () => {
    expect(parseClientReport(b({ timestamp: 1700000000.5, discarded_events: [{ reason: 'queue_overflow', category: 'error', quantity: 3 }, { reason: 'before_send', category: 'transaction', quantity: 1 }] }))).toEqual({
      timestamp: 1700000000.5,
      discarded: [
        { reason: 'queue_overflow', category: 'error', quantity: 3 },
        { reason: 'before_send', category: 'transaction', quantity: 1 },
      ],
    });
    expect(parseClientReport(b({ timestamp: '2023-11-14T22:13:20Z' })).timestamp).toBe(1700000000);
  });

  it('rejects invalid reports as invalid_json with the field at fault', () => {
    const cases: [string | object, RegExp][] = [
      ['{', /^client_report: invalid JSON/],
      [[], /client_report: expected an object, got an array/],
      [{ discarded_events: {} }, /client_report.discarded_events: expected an array/],
      [{ discarded_events: [{ reason: 'x', category: 'error', quantity: -1 }] }, /discarded_events\[0\].quantity: expected a non-negative integer, got the number -1/],
      [{ discarded_events: [{ category: 'error', quantity: 1 }] }, /discarded_events\[0\].reason: expected a string/],
    ];
    for (const [payload, re] of cases) {
      expect(() => parseClientReport(b(payload))).toThrow(IngestError);
      expect(() => parseClientReport(b(payload))).toThrow(re);
    }
  });
});

describe('countSessions', () => {
  it('counts one session per session item and the buckets of an aggregate', () => {
    expect(countSessions('session', b({ sid: 'x' }))).toBe(1);
    expect(countSessions('sessions', b({ attrs: {}, aggregates: [{ started: 't', exited: 3, errored: 1 }, { started: 't', crashed: 2 }] }))).toBe(6);
    expect(() => countSessions('sessions', b({}))).toThrow(/sessions.aggregates: expected an array/);
  });
});
