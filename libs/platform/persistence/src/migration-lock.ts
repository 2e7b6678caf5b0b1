import type { DataSource, QueryRunner } from 'typeorm';
import { MIGRATIONS_TABLE } from './create-data-source.js';

/** The schema a data source works in, if one was configured. */
export function configuredSchema(dataSource: DataSource): string | undefined {
  return (dataSource.options as { schema?: string }).schema;
}

/**
 * Runs `fn` on one dedicated connection holding a session advisory lock for the schema's
 * migrations, so that replicas started together migrate one after the other instead of
 * racing on the same DDL. The lock dies with the session if the process is killed.
 */
export async function withMigrationLock<T>(dataSource: DataSource, fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const key = `${configuredSchema(dataSource) ?? ''}.${MIGRATIONS_TABLE}`;
  const runner = dataSource.createQueryRunner('master');
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await fn(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await runner.release();
  }
}
