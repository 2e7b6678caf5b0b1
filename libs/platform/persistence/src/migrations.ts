import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import { configuredSchema, withMigrationLock } from './migration-lock.js';

/** Which migrations a database has applied and which it still lacks. */
export interface MigrationStatus {
  /** Applied migrations, oldest first. */
  applied: string[];
  /** Known migrations not applied yet, in the order `runMigrations` would apply them. */
  pending: string[];
}

/**
 * Applies every pending migration of an initialised data source, creating its schema
 * first if needed, and returns the names applied (empty when already up to date).
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, async (runner) => {
    const schema = configuredSchema(dataSource);
    if (schema !== undefined) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await executor(dataSource, runner).executePendingMigrations();
    return applied.map((migration) => migration.name);
  });
}

/** Reports applied and pending migrations of an initialised data source without changing anything. */
export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const runner = dataSource.createQueryRunner('master');
  try {
    const migrations = executor(dataSource, runner);
    const applied = await migrations.getExecutedMigrations();
    const pending = await migrations.getPendingMigrations();
    return {
      applied: applied.sort((a, b) => (a.id ?? 0) - (b.id ?? 0)).map((migration) => migration.name),
      pending: pending.map((migration) => migration.name),
    };
  } finally {
    await runner.release();
  }
}

/** Reverts the most recently applied migration; returns its name, or undefined if none was applied. */
export async function revertLastMigration(dataSource: DataSource): Promise<string | undefined> {
  return withMigrationLock(dataSource, async (runner) => {
    const migrations = executor(dataSource, runner);
    const applied = await migrations.getExecutedMigrations();
    if (applied.length === 0) return undefined;
    // getExecutedMigrations lists the newest first, the one undoLastMigration reverts.
    const last = applied[0].name;
    await migrations.undoLastMigration();
    return last;
  });
}

function executor(dataSource: DataSource, runner: QueryRunner): MigrationExecutor {
  const migrations = new MigrationExecutor(dataSource, runner);
  migrations.transaction = 'each';
  return migrations;
}
