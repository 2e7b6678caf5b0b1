// TypeORM's `query()` answers UPDATE and DELETE with `[rows, rowCount]` but other statements with
// the rows; every query here goes through `rowsOf` so `RETURNING` rows read the same everywhere.
import type { DataSource, EntityManager } from 'typeorm';

/** A row as the pg driver returns it. */
export type Raw = Record<string, unknown>;

/** Runs `sql` and returns its result rows, whatever the statement. */
export async function rowsOf(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<Raw[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as Raw[];
  return Array.isArray(result) ? (result as Raw[]) : [];
}
