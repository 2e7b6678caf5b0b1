// Deleting stored events: the retention job (events and raw objects older than a project's
// retention, then groups nobody has seen since) and GDPR erasure of one user's events.
// Rows are deleted in bounded chunks; objects are deleted after their rows' transaction
// committed, so a crash leaves at worst an unreferenced object, never a row without its object
// being readable by mistake. A missing object is not an error (it may already be gone).
import type { DataSource } from 'typeorm';

/** Removes objects; the storage client of the caller. */
export interface ObjectRemover {
  remove(key: string): Promise<void>;
}

/** What one deletion removed. */
export interface DeletionReport {
  events: number;
  objects: number;
  groups: number;
  users: number;
}

const empty = (): DeletionReport => ({ events: 0, objects: 0, groups: 0, users: 0 });

async function removeObjects(storage: ObjectRemover | undefined, keys: (string | null)[]): Promise<number> {
  if (!storage) return 0;
  let n = 0;
  const list = keys.filter((k): k is string => !!k);
  for (let i = 0; i < list.length; i += 32) {
    await Promise.all(
      list.slice(i, i + 32).map(async (k) => {
        await storage.remove(k);
        n++;
      }),
    );
  }
  return n;
}

/** Deletes one project's events received before `cutoff`, `batch` rows per statement, then groups last seen before it. */
export async function deleteExpired(ds: DataSource, storage: ObjectRemover | undefined, projectId: number, cutoff: Date, batch: number): Promise<DeletionReport> {
  const report = empty();
  for (;;) {
    const [rows] = (await ds.query(
      `DELETE FROM events WHERE (project_id, event_id) IN (
         SELECT project_id, event_id FROM events WHERE project_id = $1 AND received_at < $2 LIMIT $3)
       RETURNING object_key`,
      [projectId, cutoff, batch],
    )) as [{ object_key: string | null }[], number];
    report.events += rows.length;
    report.objects += await removeObjects(storage, rows.map((r) => r.object_key));
    if (rows.length < batch) break;
  }
  const [groups] = (await ds.query(
    `DELETE FROM groups g WHERE g.project_id = $1 AND g.last_seen < $2 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.group_id = g.id) RETURNING id`,
    [projectId, cutoff],
  )) as [unknown[], number];
  report.groups = groups.length;
  await ds.query(
    'DELETE FROM group_counters c USING groups g WHERE c.group_id = g.id AND g.project_id = $1 AND c.minute < $2',
    [projectId, cutoff],
  );
  return report;
}

/**
 * GDPR erasure: deletes every stored event of the user (by user key: the id, else email,
 * username or IP the SDK sent) and its raw object, and the user from the groups' exact user
 * sets. Group counters stay (they are counts, not personal data); a group already counting
 * users with HyperLogLog keeps its estimate, which holds no user key.
 */
export async function eraseUser(ds: DataSource, storage: ObjectRemover | undefined, projectId: number, userKey: string, batch = 1_000): Promise<DeletionReport> {
  const report = empty();
  for (;;) {
    const [rows] = (await ds.query(
      `DELETE FROM events WHERE (project_id, event_id) IN (
         SELECT project_id, event_id FROM events WHERE project_id = $1 AND user_key = $2 LIMIT $3)
       RETURNING object_key`,
      [projectId, userKey, batch],
    )) as [{ object_key: string | null }[], number];
    report.events += rows.length;
    report.objects += await removeObjects(storage, rows.map((r) => r.object_key));
    if (rows.length < batch) break;
  }
  const [users] = (await ds.query(
    'DELETE FROM group_users u USING groups g WHERE u.group_id = g.id AND g.project_id = $1 AND u.user_key = $2 RETURNING u.group_id',
    [projectId, userKey],
  )) as [unknown[], number];
  report.users = users.length;
  return report;
}
