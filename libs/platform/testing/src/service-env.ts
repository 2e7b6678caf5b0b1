// The environment a service process needs to run against one test run's resources: its stream
// prefix, its schema and its object store. Tests, benchmarks and the end-to-end stack all start
// services this way.
import type { TestSchema } from './test-schema.js';
import { testNatsUrl } from './test-urls.js';

/** What {@link serviceEnv} builds the environment from. */
export interface ServiceEnvOptions {
  /** NATS_STREAM_PREFIX of the run. */
  prefix: string;
  schema: Pick<TestSchema, 'url' | 'schema'>;
  /** The object store, when the service uses one. */
  s3?: { endpoint: string; accessKeyId: string; secretAccessKey: string; bucket: string };
  /** NATS_URL (default the machine's test server). */
  natsUrl?: string;
  /** LOG_LEVEL (default `error`). */
  logLevel?: string;
}

/** NATS_*, DATABASE_*, S3_* and LOG_LEVEL for a service process of this test run. */
export function serviceEnv(options: ServiceEnvOptions): Record<string, string> {
  return {
    NATS_URL: options.natsUrl ?? testNatsUrl(),
    NATS_STREAM_PREFIX: options.prefix,
    DATABASE_URL: options.schema.url,
    DATABASE_SCHEMA: options.schema.schema,
    ...(options.s3
      ? { S3_ENDPOINT: options.s3.endpoint, S3_ACCESS_KEY: options.s3.accessKeyId, S3_SECRET_KEY: options.s3.secretAccessKey, S3_BUCKET: options.s3.bucket }
      : {}),
    LOG_LEVEL: options.logLevel ?? 'error',
  };
}
