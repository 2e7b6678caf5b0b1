import { errorMessage } from './error-message.js';

/** A PostgreSQL readiness check; structurally a `ReadinessCheck` of the health library. */
export interface PostgresReadinessCheck {
  /** Always `postgres`. */
  readonly name: 'postgres';
  /** Resolves when PostgreSQL answers `SELECT 1` in time, rejects with the reason otherwise. */
  check(): Promise<void>;
}

/** The `postgres` readiness check running `probe` with a deadline of `timeoutMs`. */
export function postgresProbe(timeoutMs: number, probe: () => Promise<unknown>): PostgresReadinessCheck {
  return {
    name: 'postgres',
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([probe(), deadline]);
      } catch (err) {
        throw new Error(`PostgreSQL is not reachable: ${errorMessage(err)}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
