import type { DataSource } from 'typeorm';

// Concurrent callers (readiness probes arriving together) share one attempt instead of
// each opening a pool.
const pending = new WeakMap<DataSource, Promise<void>>();

/** Initialises `dataSource` unless it already is; concurrent calls share one attempt. */
export async function ensureInitialized(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) return;
  let attempt = pending.get(dataSource);
  if (attempt === undefined) {
    attempt = dataSource
      .initialize()
      .then(() => undefined)
      .finally(() => pending.delete(dataSource));
    pending.set(dataSource, attempt);
  }
  await attempt;
}
