import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';
import type { LoggerOptions } from 'typeorm';
import { assertSchemaName } from './schema-name.js';
import { withSearchPath } from './search-path-url.js';

/** A migration class as TypeORM instantiates it; its name must end in a 13-digit timestamp. */
export type MigrationClass = new () => MigrationInterface;

/** An entity class or schema; globs are not accepted because bundles have no source tree. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM takes entity classes as Function.
export type EntityDefinition = Function | EntitySchema;

/** Name of the table recording applied migrations, in the data source's schema. */
export const MIGRATIONS_TABLE = 'faultline_migrations';

/** Settings of {@link createDataSource}. */
export interface DataSourceConfig {
  /** PostgreSQL connection URL, e.g. `postgres://user:pass@host:5432/db`. */
  url: string;
  /** Schema holding the service's tables (lower-case identifier); default: the server's search path. */
  schema?: string;
  /** Entities the service maps. */
  entities: readonly EntityDefinition[];
  /** Every migration of the service, in any order (TypeORM sorts by timestamp). */
  migrations: readonly MigrationClass[];
  /** Maximum connections in the pool (node-postgres default: 10). */
  poolSize?: number;
  /** Shown in `pg_stat_activity`, so a DBA can tell which service holds a connection. */
  applicationName?: string;
  /** TypeORM query logging (default: off). */
  logging?: LoggerOptions;
  /** Give up connecting after this many milliseconds (default 10000). */
  connectTimeoutMs?: number;
}

/**
 * Creates (but does not initialise) a TypeORM data source for PostgreSQL.
 *
 * Schema changes happen only through migrations, run on purpose (`migrate` command):
 * synchronize, migrationsRun and extension installation are always off, so starting a
 * replica never alters the database under the others.
 */
export function createDataSource(config: DataSourceConfig): DataSource {
  if (config.schema !== undefined) assertSchemaName(config.schema);
  return new DataSource({
    type: 'postgres',
    url: config.schema === undefined ? config.url : withSearchPath(config.url, config.schema),
    schema: config.schema,
    entities: [...config.entities],
    migrations: [...config.migrations],
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
    installExtensions: false,
    migrationsTableName: MIGRATIONS_TABLE,
    // One transaction per migration: a failure leaves the earlier ones applied and
    // recorded, and a migration may opt out (e.g. CREATE INDEX CONCURRENTLY).
    migrationsTransactionMode: 'each',
    poolSize: config.poolSize,
    applicationName: config.applicationName,
    logging: config.logging ?? false,
    connectTimeoutMS: config.connectTimeoutMs ?? 10_000,
  });
}
