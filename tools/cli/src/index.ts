// Public surface of @faultline/cli: the command runner and the migration-set registry,
// for tests and for packages that register their migrations.
export { runCli } from './cli.js';
export { cliEnv, loadCliConfig, type CliConfig } from './cli-config.js';
export { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './errors.js';
export { processIo, type CliIo } from './io.js';
export { loadMigrationSets, MIGRATION_SETS, type MigrationSet } from './migration-sets.js';
