import type { DataSource } from 'typeorm';
import { ensureInitialized } from './ensure-initialized.js';
import { postgresProbe, type PostgresReadinessCheck } from './timed-probe.js';

export type { PostgresReadinessCheck } from './timed-probe.js';

/**
 * Builds the readiness check of a service that depends on PostgreSQL.
 *
 * A data source that could not connect yet is initialised by the check, so a service that
 * started while the database was down becomes ready once it is back.
 */
export function postgresReadiness(dataSource: DataSource, options: { timeoutMs?: number } = {}): PostgresReadinessCheck {
  return postgresProbe(options.timeoutMs ?? 5000, async () => {
    await ensureInitialized(dataSource);
    await dataSource.query('SELECT 1');
  });
}
