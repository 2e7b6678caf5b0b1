import { z } from 'zod';

import { ConfigError } from './config-error.js';
import { envBoolean } from './env-boolean.js';
import { envDuration } from './env-duration.js';
import { envInt } from './env-number.js';
import { databaseEnv } from './fragments/database-env.js';
import { httpEnv } from './fragments/http-env.js';
import { loggingEnv } from './fragments/logging-env.js';
import { natsEnv } from './fragments/nats-env.js';
import { storageEnv } from './fragments/storage-env.js';
import { loadConfig } from './load-config.js';

const schema = z.object({
  ...natsEnv.shape,
  ...databaseEnv.shape,
  ...storageEnv.shape,
  ...loggingEnv.shape,
  ...httpEnv('INGEST_PORT', 3000).shape,
  GITHUB_TOKEN: z.string().min(1, 'must not be empty'),
  ACK_WAIT: envDuration({ default: '30s' }),
  DEBUG_BODIES: envBoolean({ default: false }),
});

const validStorage = {
  S3_ENDPOINT: 'http://127.0.0.1:4568',
  S3_ACCESS_KEY: 'access',
  S3_SECRET_KEY: 'secret',
  S3_BUCKET: 'faultline-events',
  GITHUB_TOKEN: 'ghp_x',
};

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the defaults that match this machine', () => {
    const config = loadConfig(schema, validStorage);
    expect(config).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_STREAM_PREFIX: '',
      NATS_STREAM_REPLICAS: 1,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      DATABASE_SCHEMA: 'public',
      ...validStorage,
      S3_REGION: 'us-east-1',
      LOG_LEVEL: 'info',
      INGEST_PORT: 3000,
      ACK_WAIT: 30_000,
      DEBUG_BODIES: false,
    });
  });

  it('returns typed values parsed from the environment and drops unrelated variables', () => {
    const config = loadConfig(schema, { ...validStorage, INGEST_PORT: '8080', ACK_WAIT: '2m', LOG_LEVEL: 'DEBUG', HOME: '/root' });
    expectTypeOf(config.INGEST_PORT).toEqualTypeOf<number>();
    expectTypeOf(config.ACK_WAIT).toEqualTypeOf<number>();
    expectTypeOf(config.DEBUG_BODIES).toEqualTypeOf<boolean>();
    expectTypeOf(config.LOG_LEVEL).toEqualTypeOf<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'>();
    expect(config).toMatchObject({ INGEST_PORT: 8080, ACK_WAIT: 120_000, LOG_LEVEL: 'debug' });
    expect(config).not.toHaveProperty('HOME');
  });

  it('lists every bad variable at once, in schema order', () => {
    const error = configErrorOf(() =>
      loadConfig(schema, {
        NATS_URL: 'http://127.0.0.1:4222',
        S3_ENDPOINT: 'http://127.0.0.1:4568',
        S3_ACCESS_KEY: 'access',
        S3_BUCKET: 'Bad_Bucket',
        LOG_LEVEL: 'loud',
        INGEST_PORT: '70000',
        GITHUB_TOKEN: '',
        ACK_WAIT: 'soon',
      }),
    );
    expect(error.issues.map((issue) => issue.name)).toEqual([
      'NATS_URL',
      'S3_SECRET_KEY',
      'S3_BUCKET',
      'LOG_LEVEL',
      'INGEST_PORT',
      'GITHUB_TOKEN',
      'ACK_WAIT',
    ]);
    expect(error.issues[0]).toEqual({ name: 'NATS_URL', problem: 'must be a nats:// or tls:// URL', received: 'http://127.0.0.1:4222' });
    expect(error.issues[1]).toEqual({ name: 'S3_SECRET_KEY', problem: 'is required but not set', received: undefined });
    expect(error.issues[3]?.problem).toBe('must be one of trace, debug, info, warn, error, fatal, silent');
    expect(error.issues[4]?.problem).toBe('must be between 0 and 65535');
    expect(error.message).toBe(
      [
        'Invalid configuration (7 problems):',
        '  - NATS_URL: must be a nats:// or tls:// URL (received "http://127.0.0.1:4222")',
        '  - S3_SECRET_KEY: is required but not set',
        '  - S3_BUCKET: must be a valid bucket name (3-63 lower-case letters, digits, "." and "-") (received "Bad_Bucket")',
        '  - LOG_LEVEL: must be one of trace, debug, info, warn, error, fatal, silent (received "loud")',
        '  - INGEST_PORT: must be between 0 and 65535 (received "70000")',
        '  - GITHUB_TOKEN: must not be empty (received "[redacted]")',
        '  - ACK_WAIT: must be a duration such as 500ms, 30s, 2m or 1h (a plain number means milliseconds) (received "soon")',
      ].join('\n'),
    );
  });

  it('says "1 problem" for a single problem', () => {
    const error = configErrorOf(() => loadConfig(z.object({ PORT: envInt() }), { PORT: 'x' }));
    expect(error.message).toBe('Invalid configuration (1 problem):\n  - PORT: must be a whole number (received "x")');
  });

  it('never prints secret values, even inside connection URLs', () => {
    const error = configErrorOf(() =>
      loadConfig(
        z.object({
          S3_SECRET_KEY: z.string().min(40),
          GITHUB_PRIVATE_KEY: z.string().startsWith('-----BEGIN'),
          DATABASE_URL: z.string().endsWith('/faultline'),
        }),
        { S3_SECRET_KEY: 'hunter2', GITHUB_PRIVATE_KEY: 'not-a-pem', DATABASE_URL: 'postgres://app:pa55word@db:5432/other' },
      ),
    );
    expect(error.issues.map((issue) => issue.received)).toEqual([
      '[redacted]',
      '[redacted]',
      'postgres://app:%5Bredacted%5D@db:5432/other',
    ]);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('not-a-pem');
    expect(error.message).not.toContain('pa55word');
  });

  it('joins several problems with one variable into one entry', () => {
    const error = configErrorOf(() => loadConfig(z.object({ NAME: z.string().min(5, 'is too short').regex(/^[a-z]+$/, 'must be lower case') }), { NAME: 'AB' }));
    expect(error.issues).toEqual([{ name: 'NAME', problem: 'is too short; must be lower case', received: 'AB' }]);
  });

  it('reports problems spanning several variables under "(configuration)"', () => {
    const crossChecked = z
      .object({ MIN: envInt(), MAX: envInt() })
      .refine((config) => config.MIN <= config.MAX, 'MIN must not exceed MAX');
    const error = configErrorOf(() => loadConfig(crossChecked, { MIN: '5', MAX: '1' }));
    expect(error.issues).toEqual([{ name: '(configuration)', problem: 'MIN must not exceed MAX', received: undefined }]);
  });

  it('reads process.env when no environment is given', () => {
    process.env['FAULTLINE_CONFIG_SPEC'] = '42';
    try {
      expect(loadConfig(z.object({ FAULTLINE_CONFIG_SPEC: envInt() }))).toEqual({ FAULTLINE_CONFIG_SPEC: 42 });
    } finally {
      delete process.env['FAULTLINE_CONFIG_SPEC'];
    }
  });
});
