import type { DataSource } from 'typeorm';
import { ensureInitialized } from './ensure-initialized.js';
import { errorMessage } from './error-message.js';

/** A readiness check for PostgreSQL; structurally a `ReadinessCheck` of the health library. */
export interface PostgresReadinessCheck {
  /** Always `postgres`. */
  readonly name: 'postgres';
  /** Resolves when PostgreSQL answers `SELECT 1` in time, rejects with the reason otherwise. */
  check(): Promise<void>;
}

/**
 * Builds the readiness check of a service that depends on PostgreSQL.
 *
 * A data source that could not connect yet is initialised by the check, so a service that
 * started while the database was down becomes ready once it is back.
 */
export function postgresReadiness(dataSource: DataSource, options: { timeoutMs?: number } = {}): PostgresReadinessCheck {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    name: 'postgres',
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([
          (async () => {
            await ensureInitialized(dataSource);
            await dataSource.query('SELECT 1');
          })(),
          deadline,
        ]);
      } catch (err) {
        throw new Error(`PostgreSQL is not reachable: ${errorMessage(err)}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
