// Opening the database for a data command. Pending migrations are applied first (under
// the advisory migration lock, so a concurrent `migrate` or service start is safe), and
// the CLI says so on stderr: `faultline project create` is the first command of a fresh
// install, and making people run `faultline migrate` before it only adds a step to forget.
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { ProjectsStore } from '@faultline/platform-projects';

import type { CliConfig } from './cli-config.js';
import type { CliIo } from './io.js';
import { loadMigrationSets } from './migration-sets.js';

/** Runs `fn` with a store on the configured database, migrated first; closes the connection after. */
export async function withStore<T>(config: CliConfig, io: CliIo, fn: (store: ProjectsStore) => Promise<T>): Promise<T> {
  const { entities, migrations } = await loadMigrationSets();
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    entities,
    migrations,
    poolSize: 2,
    applicationName: 'faultline-cli',
  });
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) {
      io.err(`faultline: applied ${applied.length} pending migration(s) to schema ${config.DATABASE_SCHEMA} first: ${applied.join(', ')}`);
    }
    return await fn(new ProjectsStore(dataSource));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
