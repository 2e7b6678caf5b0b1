/** SQLSTATE of a unique constraint violation. */
export const PG_UNIQUE_VIOLATION = '23505';

/**
 * Whether `err` is a PostgreSQL unique violation, optionally of one named constraint.
 *
 * Consumers insert with a natural key (event id, fingerprint) and treat this error as
 * "already done", which is how a redelivered message stays without a second effect.
 * Accepts both the pg error and TypeORM's QueryFailedError, which wraps it.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const candidates = [err, (err as { driverError?: unknown } | null)?.driverError];
  return candidates.some((candidate) => {
    if (typeof candidate !== 'object' || candidate === null) return false;
    const { code, constraint: violated } = candidate as { code?: unknown; constraint?: unknown };
    return code === PG_UNIQUE_VIOLATION && (constraint === undefined || violated === constraint);
  });
}
