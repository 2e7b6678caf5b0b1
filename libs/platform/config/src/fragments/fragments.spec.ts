import { z } from 'zod';

import { databaseEnv } from './database-env.js';
import { httpEnv } from './http-env.js';
import { loggingEnv } from './logging-env.js';
import { natsEnv } from './nats-env.js';
import { storageEnv } from './storage-env.js';

const messages = (schema: z.ZodType, env: Record<string, string>) =>
  Object.fromEntries((schema.safeParse(env).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));

describe('natsEnv', () => {
  it('defaults to the local server and no prefix', () => {
    expect(natsEnv.parse({})).toEqual({ NATS_URL: 'nats://127.0.0.1:4222', NATS_STREAM_PREFIX: '', NATS_STREAM_REPLICAS: 1 });
    expect(natsEnv.parse({ NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3);
    for (const bad of ['0', '6', 'three']) expect(natsEnv.safeParse({ NATS_STREAM_REPLICAS: bad }).success).toBe(false);
  });

  it('accepts a test prefix and rejects characters NATS forbids in stream names', () => {
    expect(natsEnv.parse({ NATS_STREAM_PREFIX: 'run_42-a' }).NATS_STREAM_PREFIX).toBe('run_42-a');
    expect(messages(natsEnv, { NATS_STREAM_PREFIX: 'a.b' })).toEqual({ NATS_STREAM_PREFIX: 'may only contain letters, digits, "_" and "-"' });
    expect(messages(natsEnv, { NATS_STREAM_PREFIX: 'a b' })).toHaveProperty('NATS_STREAM_PREFIX');
  });
});

describe('databaseEnv', () => {
  it('defaults to the local server and the public schema', () => {
    expect(databaseEnv.parse({})).toEqual({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', DATABASE_SCHEMA: 'public' });
  });

  it('accepts postgresql:// and per-test schemas, and rejects identifiers that would need quoting', () => {
    expect(databaseEnv.parse({ DATABASE_URL: 'postgresql://u@h/db', DATABASE_SCHEMA: 'test_run_1' })).toMatchObject({ DATABASE_SCHEMA: 'test_run_1' });
    expect(messages(databaseEnv, { DATABASE_URL: 'mysql://h/db', DATABASE_SCHEMA: 'Public; drop' })).toEqual({
      DATABASE_URL: 'must be a postgres:// or postgresql:// URL',
      DATABASE_SCHEMA: 'must be a lower-case PostgreSQL identifier (letters, digits, "_", at most 63)',
    });
    expect(databaseEnv.safeParse({ DATABASE_SCHEMA: 'a'.repeat(63) }).success).toBe(true);
    expect(databaseEnv.safeParse({ DATABASE_SCHEMA: 'a'.repeat(64) }).success).toBe(false);
  });
});

describe('storageEnv', () => {
  const valid = { S3_ENDPOINT: 'http://127.0.0.1:4568', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 's', S3_BUCKET: 'faultline' };

  it('requires everything but the region', () => {
    expect(storageEnv.parse(valid)).toEqual({ ...valid, S3_REGION: 'us-east-1' });
    expect(Object.keys(messages(storageEnv, {}))).toEqual(['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET']);
  });

  it('rejects blank credentials and invalid bucket names at their edges', () => {
    expect(messages(storageEnv, { ...valid, S3_ACCESS_KEY: ' ' })).toEqual({ S3_ACCESS_KEY: 'must not be empty' });
    expect(storageEnv.safeParse({ ...valid, S3_BUCKET: 'abc' }).success).toBe(true);
    expect(storageEnv.safeParse({ ...valid, S3_BUCKET: 'ab' }).success).toBe(false);
    expect(storageEnv.safeParse({ ...valid, S3_BUCKET: 'a'.repeat(63) }).success).toBe(true);
    expect(storageEnv.safeParse({ ...valid, S3_BUCKET: 'a'.repeat(64) }).success).toBe(false);
    expect(storageEnv.safeParse({ ...valid, S3_BUCKET: 'Faultline' }).success).toBe(false);
    expect(storageEnv.safeParse({ ...valid, S3_ENDPOINT: 's3.amazonaws.com' }).success).toBe(false);
  });
});

describe('loggingEnv', () => {
  it('defaults to info and accepts any case', () => {
    expect(loggingEnv.parse({})).toEqual({ LOG_LEVEL: 'info' });
    expect(loggingEnv.parse({ LOG_LEVEL: ' WARN ' })).toEqual({ LOG_LEVEL: 'warn' });
    expect(loggingEnv.safeParse({ LOG_LEVEL: 'verbose' }).success).toBe(false);
  });
});

describe('httpEnv', () => {
  it('names the port variable and validates the full port range', () => {
    const schema = httpEnv('INGEST_PORT', 3000);
    expect(schema.parse({})).toEqual({ INGEST_PORT: 3000 });
    expect(schema.parse({ INGEST_PORT: '0' })).toEqual({ INGEST_PORT: 0 });
    expect(schema.parse({ INGEST_PORT: '65535' })).toEqual({ INGEST_PORT: 65_535 });
    expect(messages(schema, { INGEST_PORT: '65536' })).toEqual({ INGEST_PORT: 'must be between 0 and 65535' });
    expect(messages(schema, { INGEST_PORT: '-1' })).toEqual({ INGEST_PORT: 'must be between 0 and 65535' });
  });
});
