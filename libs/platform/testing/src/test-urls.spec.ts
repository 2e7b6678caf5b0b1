import { testDatabaseUrl, testNatsUrl } from './test-urls.js';

describe('test server URLs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('default to the servers on this machine', () => {
    vi.stubEnv('NATS_URL', '');
    vi.stubEnv('DATABASE_URL', '');
    expect(testNatsUrl()).toBe('nats://127.0.0.1:4222');
    expect(testDatabaseUrl()).toBe('postgres://postgres@127.0.0.1:5432/test');
  });

  it('follow NATS_URL and DATABASE_URL', () => {
    vi.stubEnv('NATS_URL', 'nats://nats.example:4222');
    vi.stubEnv('DATABASE_URL', 'postgres://u@db.example/x');
    expect(testNatsUrl()).toBe('nats://nats.example:4222');
    expect(testDatabaseUrl()).toBe('postgres://u@db.example/x');
  });
});
