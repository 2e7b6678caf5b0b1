import { createDataSource, type DataSourceConfig } from './create-data-source.js';
import { errorMessage } from './error-message.js';
import { migrationStatus, revertLastMigration, runMigrations } from './migrations.js';

/** Where {@link runMigrationCommand} writes; the console by default. */
export interface CommandOutput {
  /** Receives progress and results. */
  log(line: string): void;
  /** Receives failures and usage errors. */
  error(line: string): void;
}

/** Settings of {@link runMigrationCommand}. */
export interface MigrationCommandOptions extends Omit<DataSourceConfig, 'entities'> {
  /** Where to print (default: console). */
  output?: CommandOutput;
  /** Receives the exit code (default: sets `process.exitCode`, letting output flush). */
  exit?: (code: number) => void;
}

const USAGE = 'usage: migrate [up | status | revert]   (migrate alone means up)';

type Command = 'up' | 'status' | 'revert';

/**
 * The `migrate` command of every service's `main.ts`:
 *
 *   node dist/main.js migrate            apply pending migrations
 *   node dist/main.js migrate status     list applied and pending migrations
 *   node dist/main.js migrate revert     revert the last applied migration
 *
 * `argv` is what follows the script (`process.argv.slice(2)`); `up`, `status` and
 * `revert` are accepted without the leading `migrate` too. Prints what it did and
 * returns (and reports through `exit`) 0 on success, 1 on failure, 2 on a usage error.
 */
export async function runMigrationCommand(argv: readonly string[], options: MigrationCommandOptions): Promise<number> {
  const output = options.output ?? { log: (line) => console.log(line), error: (line) => console.error(line) };
  const exit = options.exit ?? ((code: number) => (process.exitCode = code));
  const command = parseCommand(argv);
  if (command === undefined) {
    output.error(`unknown migration command "${argv.join(' ')}"\n${USAGE}`);
    exit(2);
    return 2;
  }
  const code = await execute(command, options, output);
  exit(code);
  return code;
}

function parseCommand(argv: readonly string[]): Command | undefined {
  const words = argv[0] === 'migrate' ? argv.slice(1) : argv;
  if (argv[0] === 'migrate' && words.length === 0) return 'up';
  if (words.length !== 1) return undefined;
  const [word] = words;
  return word === 'up' || word === 'status' || word === 'revert' ? word : undefined;
}

async function execute(command: Command, options: MigrationCommandOptions, output: CommandOutput): Promise<number> {
  const where = options.schema === undefined ? '' : ` (schema ${options.schema})`;
  const dataSource = createDataSource({ ...options, entities: [] });
  try {
    await dataSource.initialize();
    if (command === 'up') {
      const applied = await runMigrations(dataSource);
      if (applied.length === 0) output.log(`migrate: database is up to date${where}, nothing to apply`);
      for (const name of applied) output.log(`migrate: applied ${name}`);
      if (applied.length > 0) output.log(`migrate: applied ${applied.length} migration(s)${where}`);
    } else if (command === 'status') {
      const status = await migrationStatus(dataSource);
      for (const name of status.applied) output.log(`[x] ${name}`);
      for (const name of status.pending) output.log(`[ ] ${name}`);
      output.log(`migrate: ${status.applied.length} applied, ${status.pending.length} pending${where}`);
    } else {
      const reverted = await revertLastMigration(dataSource);
      output.log(reverted === undefined ? `migrate: nothing to revert${where}` : `migrate: reverted ${reverted}${where}`);
    }
    return 0;
  } catch (err) {
    output.error(`migrate ${command} failed${where}: ${errorMessage(err)}`);
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
