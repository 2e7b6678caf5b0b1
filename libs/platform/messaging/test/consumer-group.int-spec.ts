// Two replicas bound to one durable consumer form a consumer group: every message is
// handled by exactly one of them, and what a killed replica held goes to the other.
import { publishWork, until } from './harness.js';
import { useProcessSuite, type ReplicaProcess } from './processes.js';

/** Waits like `until`, adding what the replicas wrote to stderr when it times out. */
const untilOr = (replicas: ReplicaProcess[], predicate: () => boolean, timeoutMs: number, what: string) =>
  until(predicate, timeoutMs, what).catch((error: Error) => {
    throw new Error(`${error.message}\n${replicas.map((r, i) => `replica ${i} stderr: ${r.stderr()}`).join('\n')}`);
  });

const acked = (r: ReplicaProcess) => r.events.filter((e) => e.event === 'settled' && e.outcome === 'acked');

// Replica processes start through tsx, which takes seconds on a loaded 2-core machine.
describe('consumer group (two replica processes, real NATS)', { timeout: 180_000 }, () => {
  const suite = useProcessSuite();

  it('processes 1,000 messages once in total, spread over both replicas', async () => {
    const env = { REPLICA_DELAY_MS: '2', REPLICA_CONCURRENCY: '4', REPLICA_PREFETCH: '4' };
    const a = suite.spawn(env);
    const b = suite.spawn(env);
    await Promise.all([a.ready, b.ready]);
    await publishWork(suite.h, 1_000);
    await untilOr([a, b], () => acked(a).length + acked(b).length >= 1_000, 120_000, '1,000 acks');
    await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show up here

    const seqs = [...acked(a), ...acked(b)].map((e) => e.seq);
    expect(seqs).toHaveLength(1_000);
    expect(new Set(seqs).size).toBe(1_000);
    expect(acked(a).length).toBeGreaterThan(100);
    expect(acked(b).length).toBeGreaterThan(100);
    const info = await suite.h.jsm.consumers.info(suite.h.namespace.stream('WORK'), 'worker');
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });

  it('redelivers to the surviving replica everything a killed replica held, losing nothing', async () => {
    const env = { REPLICA_DELAY_MS: '10', REPLICA_CONCURRENCY: '8', REPLICA_PREFETCH: '16', REPLICA_ACK_WAIT_MS: '2000' };
    const a = suite.spawn(env);
    // B's handler is slow, so that when it is killed it is always in the middle of several.
    const b = suite.spawn({ ...env, REPLICA_DELAY_MS: '200' });
    await Promise.all([a.ready, b.ready]);
    await publishWork(suite.h, 1_000);
    await untilOr([a, b], () => acked(b).length >= 20, 120_000, 'replica B to ack 20 messages');
    b.child.kill('SIGKILL'); // process exit without ack: whatever B held is unacknowledged
    await b.exited;
    const started = (r: ReplicaProcess) => new Set(r.events.filter((e) => e.event === 'started').map((e) => e.seq));

    // Done when the server has every message acknowledged and nothing left to deliver.
    const stream = suite.h.namespace.stream('WORK');
    await until(
      async () => {
        const info = await suite.h.jsm.consumers.info(stream, 'worker');
        return info.num_pending === 0 && info.num_ack_pending === 0 && info.ack_floor.stream_seq === 1_000;
      },
      120_000,
      'the server to hold every message acknowledged',
    );
    await new Promise((r) => setTimeout(r, 500)); // let A's last reports arrive over its pipe
    const ackedByA = acked(a).map((e) => e.seq);
    const ackedByB = acked(b).map((e) => e.seq);
    const all = Array.from({ length: 1_000 }, (_, i) => i + 1);

    // Nothing lost: every message was handled by one replica or the other.
    const handled = new Set([...started(a), ...started(b)]);
    expect(all.filter((seq) => !handled.has(seq))).toEqual([]);
    // No message acked twice, by the same replica or by both.
    expect(new Set([...ackedByA, ...ackedByB]).size).toBe(ackedByA.length + ackedByB.length);
    // A message without an ack report is one B acked just before SIGKILL stopped it
    // from printing the report: it was in B's hands, and there are at most as many as
    // B ran at once.
    const reported = new Set([...ackedByA, ...ackedByB]);
    const unreported = all.filter((seq) => !reported.has(seq));
    expect(unreported.length).toBeLessThanOrEqual(8);
    for (const seq of unreported) expect(started(b).has(seq)).toBe(true);
    // What B held unacknowledged came back to A as redeliveries. B's slow handler makes sure it
    // held some; which ones it reported as started before SIGKILL depends on its pipe (on a loaded
    // machine the last reports are lost with it), so the redeliveries themselves show that it did.
    const heldByB = [...started(b)].filter((seq) => !ackedByB.includes(seq as number) && !unreported.includes(seq as number));
    const redeliveredToA = new Set(acked(a).filter((e) => (e.delivery ?? 1) > 1).map((e) => e.seq));
    expect(redeliveredToA.size).toBeGreaterThan(0);
    for (const seq of heldByB) expect(redeliveredToA.has(seq)).toBe(true);
  });
});
