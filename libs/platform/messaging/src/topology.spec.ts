import { backoffDelay, DEFAULT_CONSUMER_POLICY, resolvePolicy } from './topology.js';

describe('consumer policy', () => {
  it('fills in defaults', () => {
    expect(resolvePolicy({ durable: 'enrichment' })).toEqual({ ...DEFAULT_CONSUMER_POLICY });
    expect(resolvePolicy({ durable: 'x', policy: { concurrency: 2 } }).concurrency).toBe(2);
  });

  it('lists every problem of an invalid policy in one error', () => {
    expect(() =>
      resolvePolicy({ durable: 'enrichment', policy: { ackWaitMs: 999, maxDeliver: 0, backoffMs: [], maxAckPending: 0, concurrency: 0 } }),
    ).toThrow(
      'Consumer "enrichment" has an invalid policy: ackWaitMs must be at least 1000 (got 999); maxDeliver must be -1 or at least 1 (got 0); ' +
        'backoffMs must list at least one non-negative delay; maxAckPending must be at least 1 (got 0); concurrency must be at least 1 (got 0)',
    );
    expect(() => resolvePolicy({ durable: 'c', policy: { concurrency: 20, maxAckPending: 10 } })).toThrow(
      'concurrency (20) cannot exceed maxAckPending (10)',
    );
  });

  it('picks the n-th back-off delay for the n-th failed delivery, repeating the last', () => {
    const policy = { backoffMs: [100, 1_000, 10_000] };
    expect([1, 2, 3, 4, 9].map((n) => backoffDelay(policy, n))).toEqual([100, 1_000, 10_000, 10_000, 10_000]);
    expect(backoffDelay(policy, 0)).toBe(100);
  });
});
