// A plain node-postgres pool for services that only read a few tables and do not need TypeORM
// on their hot path (ingest reads the project keys and nothing else): the same URL, schema
// (search_path) and application-name conventions as createDataSource, without loading TypeORM
// (about 20 MB of resident memory per process). Exported as `@faultline/platform-persistence/pg`.
import pg from 'pg';
import { assertSchemaName } from './schema-name.js';
import { withSearchPath } from './search-path-url.js';
import { postgresProbe, type PostgresReadinessCheck } from './timed-probe.js';

/** Settings of {@link createPgPool}. */
export interface PgPoolConfig {
  /** PostgreSQL connection URL. */
  url: string;
  /** Schema holding the tables; default: the server's search path. */
  schema?: string;
  /** Maximum connections (default 4). */
  poolSize?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
  /** Give up connecting after this many milliseconds (default 10000). */
  connectTimeoutMs?: number;
}

/** Creates a pool; connections are opened on first use, so a database outage at start is not fatal. */
export function createPgPool(config: PgPoolConfig): pg.Pool {
  if (config.schema !== undefined) assertSchemaName(config.schema);
  const pool = new pg.Pool({
    connectionString: config.schema === undefined ? config.url : withSearchPath(config.url, config.schema),
    max: config.poolSize ?? 4,
    application_name: config.applicationName,
    connectionTimeoutMillis: config.connectTimeoutMs ?? 10_000,
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/** The readiness check of a pool: PostgreSQL answers `SELECT 1` within the timeout (default 5 s). */
export function pgPoolReadiness(pool: pg.Pool, options: { timeoutMs?: number } = {}): PostgresReadinessCheck {
  return postgresProbe(options.timeoutMs ?? 5000, () => pool.query('SELECT 1'));
}
