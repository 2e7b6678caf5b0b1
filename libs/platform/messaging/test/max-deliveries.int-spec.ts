// A message whose every delivery dies with its replica (no handler error to catch, no
// term) still ends in the DLQ: the server's MAX_DELIVERIES advisory, kept in a stream,
// is turned into a dead letter by whichever replica runs next.
import { readDeadLetters, until } from './harness.js';
import { useProcessSuite } from './processes.js';

describe('messages exhausted by crashing replicas (real NATS, real processes)', { timeout: 180_000 }, () => {
  const suite = useProcessSuite();

  it('dead-letters a message whose deliveries all died with their replica', async () => {
    const env = { REPLICA_ACK_WAIT_MS: '1000', REPLICA_MAX_DELIVER: '2', REPLICA_CRASH_ON: '0' };
    await suite.h.publisher.publishRaw('work.0', JSON.stringify({ n: 0 }), { msgId: 'poison-by-crash', headers: { 'X-Project': '7' } });
    // Crashing replicas take the message until the server has delivered it twice.
    const stream = suite.h.namespace.stream('WORK');
    for (let attempt = 0; attempt < 4; attempt++) {
      const info = await suite.h.jsm.consumers.info(stream, 'worker').catch(() => undefined);
      if (info && info.delivered.consumer_seq >= 2) break;
      const crashing = suite.spawn(env);
      expect(await crashing.exited).toBe(1); // exited in the handler, without an ack
    }
    expect((await suite.h.jsm.consumers.info(stream, 'worker')).num_redelivered).toBeGreaterThanOrEqual(1);
    // A healthy replica (crashing on nothing) finds the advisory and copies the message.
    const healthy = suite.spawn({ ...env, REPLICA_CRASH_ON: '-1' });
    await healthy.ready;
    await until(async () => (await readDeadLetters(suite.h)).length > 0, 60_000, 'the dead letter');
    const letters = await readDeadLetters(suite.h);
    expect(letters).toHaveLength(1);
    expect(letters[0].subject).toBe(suite.h.namespace.subject('dlq.worker'));
    expect(letters[0].headers['X-Project']).toBe('7');
    expect(letters[0].headers['Faultline-Dlq-Cause']).toBe('max_deliveries');
    expect(letters[0].body).toMatchObject({ cause: 'DEAD_LETTER_CAUSE_MAX_DELIVERIES', deliveries: 2, subject: 'work.0', payload: '{"n":0}' });
    expect(String(letters[0].body.reason)).toContain('no acknowledgement after 2 deliveries');
    // The healthy replica never received the exhausted message itself.
    expect(healthy.events.filter((e) => e.event === 'started')).toEqual([]);
  });
});
