import { ConfigError, loadConfig } from '@faultline/platform-config';
import { consumerPolicyFromEnv, messagingEnv } from './messaging-env.js';
import { resolvePolicy } from './topology.js';

describe('messaging environment', () => {
  it('has defaults that make a valid policy', () => {
    const env = loadConfig(messagingEnv, {});
    const policy = consumerPolicyFromEnv(env);
    expect(policy).toEqual({ ackWaitMs: 30_000, maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000, 120_000], maxAckPending: 1_000, concurrency: 16, prefetch: 32 });
    expect(resolvePolicy({ durable: 'x', policy })).toMatchObject(policy);
    expect(env.CONSUMER_DRAIN_TIMEOUT).toBe(30_000);
    expect(env.NATS_PUBLISH_TIMEOUT).toBe(5_000);
  });

  it('parses durations and lists', () => {
    const env = loadConfig(messagingEnv, { CONSUMER_ACK_WAIT: '2m', CONSUMER_BACKOFF: '500ms, 10s', CONSUMER_CONCURRENCY: '4' });
    expect(consumerPolicyFromEnv(env)).toMatchObject({ ackWaitMs: 120_000, backoffMs: [500, 10_000], concurrency: 4 });
  });

  it('lists every bad variable, past each edge', () => {
    let error: unknown;
    try {
      loadConfig(messagingEnv, {
        CONSUMER_ACK_WAIT: '999ms',
        CONSUMER_MAX_DELIVER: '0',
        CONSUMER_BACKOFF: '1s,,2s',
        CONSUMER_MAX_ACK_PENDING: 'many',
        CONSUMER_CONCURRENCY: '10001',
        NATS_PUBLISH_TIMEOUT: '50ms',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).issues.map((i) => i.name).sort();
    expect(names).toEqual(['CONSUMER_ACK_WAIT', 'CONSUMER_BACKOFF', 'CONSUMER_CONCURRENCY', 'CONSUMER_MAX_ACK_PENDING', 'CONSUMER_MAX_DELIVER', 'NATS_PUBLISH_TIMEOUT']);
  });
});
