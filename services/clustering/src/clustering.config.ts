// Everything the clustering service can be configured with, validated once at start
// (documented in docs/CONFIGURATION.md and docs/CLUSTERING.md).
import {
  databaseEnv,
  envBoolean,
  envDuration,
  envInt,
  envNumber,
  httpEnv,
  loadConfig,
  loggingEnv,
  natsEnv,
  storageEnv,
  type Env,
} from '@faultline/platform-config';
import { messagingEnv } from '@faultline/platform-messaging';
import { z } from 'zod';

/** The clustering service's environment variables. */
export const clusteringConfigSchema = z.object({
  ...natsEnv.shape,
  ...databaseEnv.shape,
  ...storageEnv.shape,
  ...loggingEnv.shape,
  ...messagingEnv.shape,
  // A handler waits for its batch, so a replica batches at most CONSUMER_CONCURRENCY events:
  // clustering's defaults are far above the shared ones (16/32/1000).
  CONSUMER_CONCURRENCY: envInt({ min: 1, max: 10_000, default: 600 }),
  CONSUMER_PREFETCH: envInt({ min: 1, max: 100_000, default: 1_000 }),
  CONSUMER_MAX_ACK_PENDING: envInt({ min: 1, max: 1_000_000, default: 2_000 }),
  ...httpEnv('CLUSTERING_PORT', 8082).shape,
  CLUSTERING_HOST: z.string().min(1).default('0.0.0.0'),
  /** A batch is written when it holds this many events… */
  CLUSTERING_BATCH_MAX_EVENTS: envInt({ min: 1, max: 10_000, default: 250 }),
  /** …or when its first event has waited this long (longer while every write slot is busy: it then goes when one frees). */
  CLUSTERING_BATCH_MAX_WAIT: envDuration({ min: 0, max: '10s', default: '200ms' }),
  /** Batches written at once per replica (the next batch collects meanwhile). */
  CLUSTERING_BATCH_PARALLEL: envInt({ min: 1, max: 16, default: 2 }),
  /** Object-store writes (pack PUTs) running at once (per replica). */
  CLUSTERING_OBJECT_CONCURRENCY: envInt({ min: 1, max: 1_000, default: 32 }),
  /** zlib level (1 fastest … 9 smallest) of each raw event's gzip member in its pack. */
  CLUSTERING_OBJECT_GZIP_LEVEL: envInt({ min: 1, max: 9, default: 1 }),
  /** Write the raw events to object storage, one pack per project per batch (off only for benchmarks and tests). */
  CLUSTERING_STORE_OBJECTS: envBoolean({ default: true }),
  /** Create the bucket at start when missing. */
  CLUSTERING_ENSURE_BUCKET: envBoolean({ default: true }),
  /** Distinct users kept exactly per group; past this the group counts them with HyperLogLog. */
  CLUSTERING_USERS_EXACT_LIMIT: envInt({ min: 0, max: 1_000_000, default: 1_000 }),
  /** Similarity attach default for projects without their own setting. */
  CLUSTERING_SIMILARITY_ENABLED: envBoolean({ default: true }),
  /** Default similarity threshold (estimated Jaccard of in-app frame shingles). */
  CLUSTERING_SIMILARITY_THRESHOLD: envNumber({ min: 0.5, max: 1, default: 0.9 }),
  /** Recent groups kept per (project, exception type) in the similarity index. */
  CLUSTERING_SIMILARITY_MAX_GROUPS: envInt({ min: 1, max: 100_000, default: 256 }),
  /** Regression rule default: `release` (only releases ≥ resolved-in-release reopen) or `any` (every event reopens). */
  CLUSTERING_REGRESSION: z.enum(['release', 'any']).default('release'),
  /** Default retention of events and raw objects, in days, for projects without their own. */
  CLUSTERING_RETENTION_DAYS: envInt({ min: 1, max: 36_500, default: 90 }),
  /** How often the retention job runs (0 = never, e.g. when a cron runs the CLI instead). */
  CLUSTERING_RETENTION_INTERVAL: envDuration({ min: 0, max: '7d', default: '1h' }),
  /** Events deleted per retention statement (bounds lock time and memory). */
  CLUSTERING_RETENTION_BATCH: envInt({ min: 1, max: 100_000, default: 1_000 }),
  /** How often per-project settings (rules, similarity, retention) are re-read. */
  CLUSTERING_SETTINGS_REFRESH: envDuration({ min: '100ms', max: '1h', default: '30s' }),
  /**
   * Distinct stacks whose fingerprint is kept in memory (least recently used dropped first): an event
   * whose stack was seen before skips normalising and hashing its frames. 0 turns the cache off.
   */
  CLUSTERING_FINGERPRINT_CACHE_STACKS: envInt({ min: 0, max: 1_000_000, default: 4_096 }),
  /** Largest enriched event accepted (bytes of its JSON); bigger ones are dead-lettered. */
  CLUSTERING_MAX_EVENT_BYTES: envInt({ min: 1_024, max: 100 * 1024 * 1024, default: 1024 * 1024 }),
});

/** The validated clustering configuration. */
export type ClusteringConfig = z.output<typeof clusteringConfigSchema>;

/** Parses the clustering configuration from `env`; throws ConfigError listing every bad variable. */
export function loadClusteringConfig(env: Env = process.env): ClusteringConfig {
  return loadConfig(clusteringConfigSchema, env);
}
