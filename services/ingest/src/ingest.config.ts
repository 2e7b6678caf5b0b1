// Everything the ingest gateway can be configured with, validated once at start.
import { databaseEnv, envBoolean, envDuration, envInt, httpEnv, loggingEnv, loadConfig, natsEnv, type Env } from '@faultline/platform-config';
import { messagingEnv } from '@faultline/platform-messaging';
import { z } from 'zod';

const MiB = 1024 * 1024;

/** The ingest gateway's environment variables (documented in docs/CONFIGURATION.md). */
export const ingestConfigSchema = z.object({
  ...natsEnv.shape,
  ...databaseEnv.shape,
  ...loggingEnv.shape,
  ...messagingEnv.pick({ NATS_PUBLISH_TIMEOUT: true }).shape,
  ...httpEnv('INGEST_PORT', 8080).shape,
  INGEST_HOST: z.string().min(1).default('0.0.0.0'),
  /** Request body as received (compressed). */
  INGEST_MAX_BODY_BYTES: envInt({ min: 1_024, max: 1_024 * MiB, default: 20 * MiB }),
  /** Request body after decompression. */
  INGEST_MAX_DECOMPRESSED_BYTES: envInt({ min: 1_024, max: 4_096 * MiB, default: 50 * MiB }),
  /** One event (envelope `event` item, /store/ or /api/v1/report body). */
  INGEST_MAX_EVENT_BYTES: envInt({ min: 1_024, max: 100 * MiB, default: 1 * MiB }),
  INGEST_MAX_ITEMS: envInt({ min: 1, max: 10_000, default: 100 }),
  INGEST_MAX_FRAMES: envInt({ min: 1, max: 10_000, default: 250 }),
  /** Seconds a client is told to wait (Retry-After) when the pipeline cannot store its event. */
  INGEST_RETRY_AFTER: envDuration({ min: '1s', max: '1h', default: '10s' }),
  INGEST_KEY_CACHE_REFRESH: envDuration({ min: '100ms', max: '10m', default: '2s' }),
  /** Use the left-most X-Forwarded-For address as the client IP (only behind a trusted proxy). */
  INGEST_TRUST_PROXY: envBoolean({ default: false }),
  /** Replicas sharing the rate limits: each enforces limit / replicas (see services/ingest/README.md). */
  INGEST_REPLICAS: envInt({ min: 1, max: 1_000, default: 1 }),
});

/** The validated ingest configuration. */
export type IngestConfig = z.output<typeof ingestConfigSchema>;

/** Parses the ingest configuration from `env`; throws ConfigError listing every bad variable. */
export function loadIngestConfig(env: Env = process.env): IngestConfig {
  return loadConfig(ingestConfigSchema, env);
}
