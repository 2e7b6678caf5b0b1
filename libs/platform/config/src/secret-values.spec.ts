import { displayValue, isSecretName } from './secret-values.js';

describe('isSecretName', () => {
  it.each(['S3_SECRET_KEY', 'S3_ACCESS_KEY', 'GITHUB_TOKEN', 'GITHUB_PRIVATE_KEY', 'DB_PASSWORD', 'SENTRY_DSN', 'api_key', 'BASIC_AUTH'])(
    'treats %s as secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each(['NATS_URL', 'DATABASE_URL', 'GITHUB_PRIVATE_KEY_FILE', 'TLS_KEY_PATH', 'LOG_LEVEL', 'S3_BUCKET'])('treats %s as not secret', (name) =>
    expect(isSecretName(name)).toBe(false),
  );
});

describe('displayValue', () => {
  it('keeps unset values unset', () => expect(displayValue('GITHUB_TOKEN', undefined)).toBeUndefined());

  it('redacts secrets, even empty ones', () => {
    expect(displayValue('GITHUB_TOKEN', 'ghp_123')).toBe('[redacted]');
    expect(displayValue('GITHUB_TOKEN', '')).toBe('[redacted]');
  });

  it('hides passwords in URLs but keeps the rest', () => {
    expect(displayValue('NATS_URL', 'nats://user:pw@nats:4222')).toBe('nats://user:%5Bredacted%5D@nats:4222');
    expect(displayValue('DATABASE_URL', 'postgres://postgres@127.0.0.1/db')).toBe('postgres://postgres@127.0.0.1/db');
  });

  it('hides passwords in URL-like text that URL cannot parse', () => {
    expect(displayValue('DATABASE_URL', 'postgres://app:pw@db:notaport/x')).toBe('postgres://app:[redacted]@db:notaport/x');
  });

  it('cuts long values', () => {
    const shown = displayValue('BLOB', 'x'.repeat(500));
    expect(shown).toHaveLength(81);
    expect(shown?.endsWith('…')).toBe(true);
  });
});
