// `faultline migrate [up|status|revert]`: the migrations of every registered set.
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { loadMigrationSets, MIGRATION_SETS } from '../migration-sets.js';

/** The `migrate` command. */
export const migrateCommand: Command = {
  words: ['migrate'],
  summary: 'Apply, list or revert database migrations (every registered migration set).',
  usage: 'faultline migrate [up | status | revert]',
  details: [
    '  up       apply every pending migration (the default)',
    '  status   list applied [x] and pending [ ] migrations',
    '  revert   revert the most recently applied migration',
    '',
    'Migration sets:',
    ...MIGRATION_SETS.map((set) => `  ${set.name.padEnd(10)} ${set.description}`),
    '',
    'Uses DATABASE_URL and DATABASE_SCHEMA. Concurrent runs wait for each other (advisory lock).',
  ],
  flags: {},
  positionals: { names: ['up | status | revert'], required: 0 },
  async run(args, { io, config }) {
    const action = args.positionals[0] ?? 'up';
    if (action !== 'up' && action !== 'status' && action !== 'revert') throw new UsageError(`unknown migrate action "${action}"`);
    const { DATABASE_URL, DATABASE_SCHEMA } = await config();
    const { runMigrationCommand } = await import('@faultline/platform-persistence');
    return runMigrationCommand(['migrate', action], {
      url: DATABASE_URL,
      schema: DATABASE_SCHEMA,
      migrations: (await loadMigrationSets()).migrations,
      applicationName: 'faultline-cli',
      output: { log: (line) => io.out(line), error: (line) => io.err(`faultline: ${line}`) },
      exit: () => {},
    });
  },
};
