// NATS connection settings shared by every service.
import { z } from 'zod';

import { envInt } from '../env-number.js';
import { envUrl } from '../env-url.js';

/**
 * NATS_URL (default: the local server), NATS_STREAM_PREFIX (default none; tests set one to
 * isolate their streams) and NATS_STREAM_REPLICAS (replicas of every stream Faultline
 * provisions: 3 in a NATS cluster; a stream's replica count is reconciled at every start).
 */
export const natsEnv = z.object({
  NATS_URL: envUrl({ protocols: ['nats:', 'tls:'], default: 'nats://127.0.0.1:4222' }),
  // Prefixed onto stream and consumer names, which NATS restricts to these characters.
  NATS_STREAM_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'may only contain letters, digits, "_" and "-"')
    .default(''),
  NATS_STREAM_REPLICAS: envInt({ min: 1, max: 5, default: 1 }),
});
