// The environment variables that tune consumers and publishing, shared by every
// consuming service (documented in docs/CONFIGURATION.md).
import { envDuration, envInt, envList } from '@faultline/platform-config';
import { z } from 'zod';
import type { ConsumerPolicy } from './topology.js';

/** Consumer and publisher settings, validated with the rest of a service's configuration. */
export const messagingEnv = z.object({
  CONSUMER_ACK_WAIT: envDuration({ min: '1s', max: '1h', default: '30s' }),
  CONSUMER_MAX_DELIVER: envInt({ min: 1, max: 10_000, default: 5 }),
  CONSUMER_BACKOFF: envList(envDuration({ min: 0, max: '1h' }), { minItems: 1, maxItems: 50, default: '1s,5s,30s,2m' }),
  CONSUMER_MAX_ACK_PENDING: envInt({ min: 1, max: 1_000_000, default: 1_000 }),
  CONSUMER_CONCURRENCY: envInt({ min: 1, max: 10_000, default: 16 }),
  CONSUMER_PREFETCH: envInt({ min: 1, max: 100_000, default: 32 }),
  CONSUMER_DRAIN_TIMEOUT: envDuration({ min: 0, max: '10m', default: '30s' }),
  NATS_PUBLISH_TIMEOUT: envDuration({ min: '100ms', max: '5m', default: '5s' }),
});

/** The parsed messaging settings. */
export type MessagingEnv = z.output<typeof messagingEnv>;

/** The consumer policy the settings describe. */
export function consumerPolicyFromEnv(env: MessagingEnv): ConsumerPolicy {
  return {
    ackWaitMs: env.CONSUMER_ACK_WAIT,
    maxDeliver: env.CONSUMER_MAX_DELIVER,
    backoffMs: env.CONSUMER_BACKOFF,
    maxAckPending: env.CONSUMER_MAX_ACK_PENDING,
    concurrency: env.CONSUMER_CONCURRENCY,
    prefetch: env.CONSUMER_PREFETCH,
  };
}
