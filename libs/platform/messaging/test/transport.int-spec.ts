// Publishing (dedupe, trace headers), long handlers, concurrency and metrics.
import { currentTrace, formatTraceparent, newTraceContext, runWithTrace } from '@faultline/platform-logging';
import { publishWork, until, useInProcessSuite } from './harness.js';

describe('JetStream transport (real NATS)', () => {
  const suite = useInProcessSuite();

  it('stores a message published twice with the same Nats-Msg-Id once', async () => {
    const first = await suite.h.publisher.publishRaw('work.7', '{"n":7}', { msgId: 'project-42:0123456789abcdef' });
    const second = await suite.h.publisher.publishRaw('work.7', '{"n":7}', { msgId: 'project-42:0123456789abcdef' });
    const other = await suite.h.publisher.publishRaw('work.7', '{"n":7}', { msgId: 'project-42:fedcba9876543210' });
    expect(first.duplicate).toBe(false);
    expect(second).toMatchObject({ duplicate: true, seq: first.seq });
    expect(other.duplicate).toBe(false);
    const info = await suite.h.jsm.streams.info(suite.h.namespace.stream('WORK'));
    expect(info.state.messages).toBe(2);
  });

  it('carries the publisher trace into the handler (traceparent header and log context)', async () => {
    const seen: { header?: string; traceId?: string }[] = [];
    await suite.start((_p, ctx) => {
      seen.push({ header: ctx.getHeaders()?.get('traceparent'), traceId: currentTrace()?.traceId });
    });
    const trace = newTraceContext();
    await runWithTrace(trace, () => suite.h.publisher.publishRaw('work.1', '{"n":1}', { msgId: 'traced' }));
    await until(() => seen.length === 1, 10_000, 'the delivery');
    expect(seen[0].header).toMatch(new RegExp(`^00-${trace.traceId}-[0-9a-f]{16}-0[01]$`));
    expect(seen[0].header).not.toBe(formatTraceparent(trace)); // a child span, not the parent's
    expect(seen[0].traceId).toBe(trace.traceId);
  });

  it('keeps a handler that runs longer than ack_wait from being redelivered (working())', async () => {
    const replica = await suite.start(() => new Promise((r) => setTimeout(r, 2_600)),
      { policy: { ackWaitMs: 1_000, maxDeliver: 5, backoffMs: [100] } },
    );
    await publishWork(suite.h, 1);
    await until(() => replica.settled.length >= 1, 10_000, 'the ack');
    await new Promise((r) => setTimeout(r, 300));
    expect(replica.settled).toEqual([expect.objectContaining({ outcome: 'acked', deliveryCount: 1 })]);
  });

  it('runs at most `concurrency` handlers at once per replica', async () => {
    let active = 0;
    let peak = 0;
    const replica = await suite.start(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 30));
        active -= 1;
      },
      { policy: { concurrency: 3, prefetch: 10 } },
    );
    await publishWork(suite.h, 40);
    await until(() => replica.settled.length >= 40, 20_000, '40 acks');
    expect(peak).toBe(3);
  });

  it('counts deliveries, acks, naks and dead letters per consumer, and reports lag', async () => {
    const replica = await suite.start((payload, ctx) => {
        const n = (payload as { n: number }).n;
        if (n === 0 && ctx.getDeliveryCount() === 1) throw new Error('transient');
        if (n === 1) throw new Error('permanent');
      },
      { policy: { backoffMs: [20], maxDeliver: 2 } },
    );
    await publishWork(suite.h, 10);
    await until(() => replica.settled.filter((d) => d.outcome !== 'naked').length >= 10, 10_000, 'ten final settlements');
    const text = await replica.registry.metrics();
    const value = (line: string) => Number(text.split('\n').find((l) => l.startsWith(line))?.split(' ').pop());
    const labels = '{stream="WORK",consumer="worker"}';
    expect(value(`faultline_consumer_delivered_total${labels}`)).toBe(12);
    expect(value(`faultline_consumer_acked_total${labels}`)).toBe(9);
    expect(value(`faultline_consumer_naked_total${labels}`)).toBe(2);
    expect(value(`faultline_consumer_terminated_total${labels}`)).toBe(1);
    expect(value('faultline_consumer_dead_lettered_total{stream="WORK",consumer="worker",cause="max_deliveries"}')).toBe(1);
    expect(value(`faultline_consumer_pending_messages${labels}`)).toBe(0);
    expect(value(`faultline_consumer_ack_pending_messages${labels}`)).toBe(0);
  });

  it('gives timers a turn while it works through a pulled batch of CPU-heavy handlers', async () => {
    await publishWork(suite.h, 300);
    let last = Date.now();
    let worstGap = 0;
    const ticker = setInterval(() => {
      const now = Date.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    try {
      const replica = await suite.start(
        () => {
          const until = Date.now() + 2;
          while (Date.now() < until); // 2 ms of synchronous work per message
        },
        { policy: { concurrency: 64, prefetch: 300 } },
      );
      await until(() => replica.settled.length >= 300, 20_000, '300 acks');
    } finally {
      clearInterval(ticker);
    }
    // 300 × 2 ms in one macrotask would hold a 5 ms timer back by ~600 ms.
    expect(worstGap).toBeLessThan(100);
  });
});
