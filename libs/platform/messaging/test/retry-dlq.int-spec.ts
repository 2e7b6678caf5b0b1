// ack / retry-after-delay / reject, and the DLQ copy of everything that is given up.
import { PoisonMessageError, reject, retry } from '../src/index.js';
import { publishWork, readDeadLetters, until, useInProcessSuite } from './harness.js';

describe('retries and dead letters (real NATS)', () => {
  const suite = useInProcessSuite();

  it('retries a transiently failing handler with the configured back-off delays', async () => {
    const deliveries: number[] = [];
    const replica = await suite.start((_payload, ctx) => {
        deliveries.push(Date.now());
        if (ctx.getDeliveryCount() < 3) throw new Error('database briefly unavailable');
      },
      { policy: { backoffMs: [400, 900], maxDeliver: 5, ackWaitMs: 10_000 } },
    );
    await publishWork(suite.h, 1);
    await until(() => replica.settled.some((d) => d.outcome === 'acked'), 10_000, 'the ack');
    expect(replica.settled.map((d) => [d.deliveryCount, d.outcome])).toEqual([
      [1, 'naked'],
      [2, 'naked'],
      [3, 'acked'],
    ]);
    expect(replica.settled[0].reason).toContain('database briefly unavailable');
    expect(deliveries[1] - deliveries[0]).toBeGreaterThanOrEqual(380);
    expect(deliveries[2] - deliveries[1]).toBeGreaterThanOrEqual(880);
    expect(await readDeadLetters(suite.h)).toEqual([]);
  });

  it('honours a delay returned with retry()', async () => {
    const deliveries: number[] = [];
    const replica = await suite.start((_p, ctx) => {
      deliveries.push(Date.now());
      return ctx.getDeliveryCount() === 1 ? retry('rate limited upstream', 700) : undefined;
    });
    await publishWork(suite.h, 1);
    await until(() => replica.settled.some((d) => d.outcome === 'acked'), 10_000, 'the ack');
    expect(deliveries[1] - deliveries[0]).toBeGreaterThanOrEqual(680);
  });

  it('dead-letters a handler that always fails after max_deliver, with reason and original headers', async () => {
    const replica = await suite.start(() => {
        throw new Error('boom: cannot parse frame 7');
      },
      { policy: { backoffMs: [50], maxDeliver: 3 } },
    );
    await suite.h.publisher.publishRaw('work.1', JSON.stringify({ n: 1 }), { msgId: 'evt-1', headers: { 'X-Project': '42' } });
    await until(() => replica.settled.some((d) => d.outcome === 'dead_lettered'), 10_000, 'the dead letter');
    expect(replica.settled.map((d) => d.outcome)).toEqual(['naked', 'naked', 'dead_lettered']);

    const [letter, ...others] = await readDeadLetters(suite.h);
    expect(others).toEqual([]);
    expect(letter.subject).toBe(suite.h.namespace.subject('dlq.worker'));
    expect(letter.headers['X-Project']).toBe('42');
    expect(letter.headers['Faultline-Original-Msg-Id']).toBe('evt-1');
    expect(letter.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(letter.headers['Faultline-Dlq-Cause']).toBe('max_deliveries');
    expect(letter.headers['Faultline-Dlq-Deliveries']).toBe('3');
    expect(letter.body).toMatchObject({
      consumer: 'worker',
      stream: 'WORK',
      subject: 'work.1',
      deliveries: 3,
      cause: 'DEAD_LETTER_CAUSE_MAX_DELIVERIES',
      payload: '{"n":1}',
    });
    expect(letter.body.reason).toContain('boom: cannot parse frame 7');
    expect((letter.body.headers as Record<string, string>)['X-Project']).toBe('42');

    // Terminated: the server does not deliver it again.
    await new Promise((r) => setTimeout(r, 500));
    expect(replica.settled).toHaveLength(3);
    const info = await suite.h.jsm.consumers.info(suite.h.namespace.stream('WORK'), 'worker');
    expect(info.num_ack_pending).toBe(0);
  });

  it('dead-letters a rejected message at once', async () => {
    const replica = await suite.start((payload) =>
      (payload as { n: number }).n === 1 ? reject('event has no exception and no message') : undefined,
    );
    await publishWork(suite.h, 3);
    await until(() => replica.settled.length >= 3, 10_000, 'three settlements');
    const dead = replica.settled.filter((d) => d.outcome === 'dead_lettered');
    expect(dead).toHaveLength(1);
    expect(dead[0].deliveryCount).toBe(1);
    const letters = await readDeadLetters(suite.h);
    expect(letters).toHaveLength(1);
    expect(letters[0].body).toMatchObject({ cause: 'DEAD_LETTER_CAUSE_REJECTED', deliveries: 1, reason: 'event has no exception and no message' });
  });

  it('dead-letters a PoisonMessageError thrown deep in a handler', async () => {
    const replica = await suite.start(async () => {
      await Promise.resolve();
      throw new PoisonMessageError('release "" is not a valid release name');
    });
    await publishWork(suite.h, 1);
    await until(() => replica.settled.length >= 1, 10_000, 'the dead letter');
    expect(replica.settled[0]).toMatchObject({ outcome: 'dead_lettered', deliveryCount: 1 });
    expect((await readDeadLetters(suite.h))[0].body.reason).toBe('release "" is not a valid release name');
  });

  it('dead-letters an undecodable body without calling the handler', async () => {
    let calls = 0;
    const replica = await suite.start(() => {
      calls += 1;
    });
    await suite.h.publisher.publishRaw('work.1', new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), { msgId: 'garbage' });
    await until(() => replica.settled.length >= 1, 10_000, 'the dead letter');
    expect(calls).toBe(0);
    const [letter] = await readDeadLetters(suite.h);
    expect(letter.body).toMatchObject({ cause: 'DEAD_LETTER_CAUSE_UNDECODABLE', payload_binary: '//4Aew==' });
  });

  it('keeps a rejected message (nak) while the DLQ cannot store it, and dead-letters it once it can', async () => {
    const replica = await suite.start(() => reject('always'), { policy: { backoffMs: [200], maxDeliver: -1 } }, { publishTimeoutMs: 500 });
    const dlq = suite.h.namespace.stream('DLQ');
    const dlqConfig = (await suite.h.jsm.streams.info(dlq)).config;
    await suite.h.jsm.streams.delete(dlq);
    await publishWork(suite.h, 1);
    await until(() => replica.settled.filter((d) => d.outcome === 'naked').length >= 2, 10_000, 'two naks');
    expect(replica.settled.every((d) => d.outcome === 'naked')).toBe(true);
    await suite.h.jsm.streams.add(dlqConfig);
    await until(() => replica.settled.some((d) => d.outcome === 'dead_lettered'), 10_000, 'the dead letter');
    expect(await readDeadLetters(suite.h)).toHaveLength(1);
  });
});
