// Two replicas bound to one durable consumer form a consumer group: every message is
// handled by exactly one of them, and what a killed replica held goes to the other.
import { createHarness, publishWork, until, type Harness } from './harness.js';
import { spawnReplica, type ReplicaProcess } from './processes.js';

const acked = (r: ReplicaProcess) => r.events.filter((e) => e.event === 'settled' && e.outcome === 'acked');

// Replica processes start through tsx, which takes seconds on a loaded 2-core machine.
describe('consumer group (two replica processes, real NATS)', { timeout: 180_000 }, () => {
  let h: Harness;
  const replicas: ReplicaProcess[] = [];

  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    for (const r of replicas.splice(0)) r.child.kill('SIGKILL');
    await h.close();
  });

  it('processes 1,000 messages once in total, spread over both replicas', async () => {
    const env = { REPLICA_PREFIX: h.prefix, REPLICA_DELAY_MS: '2', REPLICA_CONCURRENCY: '4', REPLICA_PREFETCH: '4' };
    const a = spawnReplica(env);
    const b = spawnReplica(env);
    replicas.push(a, b);
    await Promise.all([a.ready, b.ready]);
    await publishWork(h, 1_000);
    await until(() => acked(a).length + acked(b).length >= 1_000, 120_000, '1,000 acks');
    await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show up here

    const seqs = [...acked(a), ...acked(b)].map((e) => e.seq);
    expect(seqs).toHaveLength(1_000);
    expect(new Set(seqs).size).toBe(1_000);
    expect(acked(a).length).toBeGreaterThan(100);
    expect(acked(b).length).toBeGreaterThan(100);
    const info = await h.jsm.consumers.info(h.namespace.stream('WORK'), 'worker');
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });

  it('redelivers to the surviving replica everything a killed replica held, losing nothing', async () => {
    const env = { REPLICA_PREFIX: h.prefix, REPLICA_DELAY_MS: '10', REPLICA_CONCURRENCY: '8', REPLICA_PREFETCH: '16', REPLICA_ACK_WAIT_MS: '2000' };
    const a = spawnReplica(env);
    const b = spawnReplica(env);
    replicas.push(a, b);
    await Promise.all([a.ready, b.ready]);
    await publishWork(h, 1_000);
    await until(() => acked(b).length >= 100, 120_000, 'replica B to ack 100 messages');
    b.child.kill('SIGKILL'); // process exit without ack: whatever B held is unacknowledged
    await b.exited;
    const ackedByB = new Set(acked(b).map((e) => e.seq));
    const startedByB = new Set(b.events.filter((e) => e.event === 'started').map((e) => e.seq));
    const heldByB = [...startedByB].filter((s) => !ackedByB.has(s));

    await until(() => new Set([...acked(a), ...acked(b)].map((e) => e.seq)).size >= 1_000, 120_000, 'all 1,000 acked');
    const ackedByA = acked(a).map((e) => e.seq);
    // Exactly once in total: no message acked by both, none acked twice.
    expect(ackedByA.length + ackedByB.size).toBe(1_000);
    expect(new Set([...ackedByA, ...ackedByB]).size).toBe(1_000);
    // What B had started but not acked came back to A as a redelivery.
    expect(heldByB.length).toBeGreaterThan(0);
    const redeliveredToA = new Set(acked(a).filter((e) => (e.delivery ?? 1) > 1).map((e) => e.seq));
    for (const seq of heldByB) expect(redeliveredToA.has(seq)).toBe(true);
    const info = await h.jsm.consumers.info(h.namespace.stream('WORK'), 'worker');
    expect(info.num_ack_pending).toBe(0);
  });
});
