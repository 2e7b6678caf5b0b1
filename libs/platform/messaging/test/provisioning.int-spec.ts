// Provisioning is idempotent across restarts, applies mutable changes, and refuses
// incompatible ones with a message that says what differs and how to fix it.
import { IncompatibleTopologyError, provisionStream } from '../src/index.js';
import { createHarness, startReplica, TEST_STREAMS, type Harness } from './harness.js';

describe('stream and consumer provisioning (real NATS)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
    // Start from nothing so the first start creates everything.
    for (const spec of TEST_STREAMS) await h.jsm.streams.delete(h.namespace.stream(spec.name));
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates on first start, changes nothing on restart, and updates a changed setting', async () => {
    const first = await startReplica(h, () => undefined);
    expect(first.server.provisionReport).toEqual({ streams: { WORK: 'created', DLQ: 'created' }, consumers: { worker: 'created' } });
    await first.close();

    const second = await startReplica(h, () => undefined);
    expect(second.server.provisionReport).toEqual({ streams: { WORK: 'unchanged', DLQ: 'unchanged' }, consumers: { worker: 'unchanged' } });
    await second.close();

    const third = await startReplica(h, () => undefined, { policy: { maxDeliver: 9, ackWaitMs: 12_000, maxAckPending: 77 } });
    expect(third.server.provisionReport.consumers).toEqual({ worker: 'updated' });
    await third.close();
    const info = await h.jsm.consumers.info(h.namespace.stream('WORK'), 'worker');
    expect(info.config).toMatchObject({ max_deliver: 9, ack_wait: 12_000_000_000, max_ack_pending: 77, ack_policy: 'explicit', filter_subject: h.namespace.subject('work.>') });
  });

  it('refuses to start when a stream would change retention, naming the difference', async () => {
    await (await startReplica(h, () => undefined)).close();
    const attempt = startReplica(h, () => undefined, {}, { streams: [{ ...TEST_STREAMS[0], retention: 'workqueue' }, TEST_STREAMS[1]] });
    await expect(attempt).rejects.toThrow(IncompatibleTopologyError);
    await expect(attempt).rejects.toThrow(/Stream m_\w+_WORK .*incompatible[\s\S]*retention: server has "limits", declared "workqueue"[\s\S]*nats stream rm/);
  });

  it('refuses an immutable change to a stream (storage) or to a durable consumer (deliver policy)', async () => {
    await (await startReplica(h, () => undefined)).close();
    const stream = provisionStream(h.jsm, { name: h.namespace.stream('WORK'), subjects: [h.namespace.subject('work.>')], storage: 'memory' });
    await expect(stream).rejects.toThrow(/storage: server has "file", declared "memory"/);

    const attempt = startReplica(h, () => undefined, {}, {
      consumers: [{ durable: 'worker', stream: 'WORK', filterSubject: 'work.>', deliverPolicy: 'new' }],
    });
    await expect(attempt).rejects.toThrow(/Consumer worker on stream m_\w+_WORK[\s\S]*deliver_policy: server has "all", declared "new"[\s\S]*nats consumer rm/);
  });

  it('refuses an @EventPattern with no declared consumer, and an invalid policy', async () => {
    await expect(startReplica(h, () => undefined, {}, { consumers: [] })).rejects.toThrow(
      "@EventPattern('work.>') has no durable consumer: declare one with filterSubject 'work.>'",
    );
    await expect(startReplica(h, () => undefined, { policy: { ackWaitMs: 10, concurrency: 0 } })).rejects.toThrow(
      /Consumer "worker" has an invalid policy: ackWaitMs must be at least 1000 \(got 10\); concurrency must be at least 1/,
    );
  });
});
