// Public surface of @faultline/platform-persistence: the PostgreSQL data source of a
// service, its migrations, and the helpers every consumer needs for idempotent writes.
export {
  createDataSource,
  MIGRATIONS_TABLE,
  type DataSourceConfig,
  type EntityDefinition,
  type MigrationClass,
} from './create-data-source.js';
export { DATA_SOURCE } from './data-source.token.js';
export { runMigrationCommand, type CommandOutput, type MigrationCommandOptions } from './migration-command.js';
export { migrationStatus, revertLastMigration, runMigrations, type MigrationStatus } from './migrations.js';
export { PersistenceModule, type PersistenceModuleAsyncOptions } from './persistence.module.js';
export { postgresReadiness, type PostgresReadinessCheck } from './postgres-readiness.js';
export { withSearchPath } from './search-path-url.js';
export { withTransaction } from './transaction.js';
export { isUniqueViolation, PG_UNIQUE_VIOLATION } from './unique-violation.js';
