// SIGTERM during processing: a replica stops pulling, finishes and acks what it was
// handling, and exits; what it had not started is redelivered to the other replica.
import { publishWork, until } from './harness.js';
import { useProcessSuite } from './processes.js';

// Replica processes start through tsx, which takes seconds on a loaded 2-core machine.
describe('graceful shutdown (SIGTERM, real NATS)', { timeout: 180_000 }, () => {
  const suite = useProcessSuite();

  it('finishes and acks in-flight messages, and none is processed-and-lost', async () => {
    const env = { REPLICA_DELAY_MS: '300', REPLICA_CONCURRENCY: '5', REPLICA_PREFETCH: '10', REPLICA_ACK_WAIT_MS: '3000' };
    const a = suite.spawn(env);
    await a.ready;
    await publishWork(suite.h, 60);
    await until(() => a.events.filter((e) => e.event === 'started').length >= 5, 120_000, 'handlers to start');
    a.child.kill('SIGTERM');
    // Nest re-raises SIGTERM after closing the app, so the exit is by signal, after the drain.
    await a.exited;

    const started = new Set(a.events.filter((e) => e.event === 'started').map((e) => e.seq));
    const ackedByA = new Set(a.events.filter((e) => e.event === 'settled' && e.outcome === 'acked').map((e) => e.seq));
    // Every handler that started in the terminated replica finished and was acked.
    expect(started.size).toBeGreaterThanOrEqual(5);
    expect([...started].filter((s) => !ackedByA.has(s))).toEqual([]);

    // A second replica picks up the rest (pulled but not started, or never pulled).
    const b = suite.spawn({ ...env, REPLICA_DELAY_MS: '0' });
    await b.ready;
    const ackedByB = () => b.events.filter((e) => e.event === 'settled' && e.outcome === 'acked').map((e) => e.seq);
    await until(() => ackedByA.size + ackedByB().length >= 60, 120_000, 'the remaining messages');
    const all = [...ackedByA, ...ackedByB()];
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
  });
});
