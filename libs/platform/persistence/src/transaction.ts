import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';

/**
 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
 * Every query inside must go through the given manager, or it runs outside the transaction.
 */
export async function withTransaction<T>(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
  isolationLevel?: IsolationLevel,
): Promise<T> {
  return isolationLevel === undefined ? dataSource.transaction(fn) : dataSource.transaction(isolationLevel, fn);
}
