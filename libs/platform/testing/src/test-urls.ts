// Where the integration tests find the shared servers. This is, with the config library,
// the only code allowed to read process.env: tests run outside any service and need a
// way to point at servers other than the defaults on this machine.

/** The NATS server integration tests use: `NATS_URL`, else the local JetStream server. */
export function testNatsUrl(): string {
  return process.env.NATS_URL || 'nats://127.0.0.1:4222';
}

/** The PostgreSQL database integration tests use: `DATABASE_URL`, else the local `test` database. */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}
