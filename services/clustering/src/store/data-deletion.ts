// Deleting stored events: the retention job (events and raw events older than a project's
// retention, then groups nobody has seen since) and GDPR erasure of one user's events.
// Rows are deleted in bounded chunks; objects are deleted after their rows' transaction
// committed, so a crash leaves at worst an unreferenced object, never a row without its object
// being readable by mistake. A missing object is not an error (it may already be gone).
//
// Raw events live in packs (one object per project per batch, rows point at their member by
// offset and length; see pipeline/event-pack.ts). A pack is deleted only once no row references
// it. Erasure must really remove the user's bytes, so a pack that other rows still reference is
// rewritten without the user's members under a new key, the remaining rows are moved to it in one
// transaction with the user's rows' deletion, and then the old pack is deleted.
import { ObjectNotFoundError } from '@faultline/platform-storage';
import type { DataSource } from 'typeorm';
import { isPackKey, PACK_CONTENT_TYPE, rewrittenPackKey } from '../pipeline/event-pack.js';

/** Removes objects; the storage client of the caller. */
export interface ObjectRemover {
  remove(key: string): Promise<void>;
}

/** What erasure needs of object storage: read a pack, write its rewritten copy, delete objects. */
export interface PackRewriter extends ObjectRemover {
  getRaw(key: string): Promise<Buffer>;
  putGzipped(key: string, compressed: Buffer, options: { contentType: string }): Promise<void>;
}

/** What one deletion removed. */
export interface DeletionReport {
  events: number;
  /** Objects deleted: whole-event objects and packs no row references any more. */
  objects: number;
  /** Packs rewritten without the erased user's events (erasure only). */
  rewritten: number;
  groups: number;
  users: number;
}

interface DeletedRow {
  object_key: string | null;
  object_offset: string | null;
}

const empty = (): DeletionReport => ({ events: 0, objects: 0, rewritten: 0, groups: 0, users: 0 });

async function removeAll(storage: ObjectRemover, keys: string[]): Promise<number> {
  for (let i = 0; i < keys.length; i += 32) await Promise.all(keys.slice(i, i + 32).map((k) => storage.remove(k)));
  return keys.length;
}

/** Deletes the objects of deleted rows: whole-event objects always, packs once no row references them. */
async function removeObjects(ds: DataSource, storage: ObjectRemover | undefined, rows: DeletedRow[]): Promise<number> {
  if (!storage) return 0;
  const whole = new Set<string>();
  const packs = new Set<string>();
  for (const r of rows) {
    if (!r.object_key) continue;
    (r.object_offset === null && !isPackKey(r.object_key) ? whole : packs).add(r.object_key);
  }
  let unreferenced: string[] = [];
  if (packs.size > 0) {
    const still: { object_key: string }[] = await ds.query('SELECT DISTINCT object_key FROM events WHERE object_key = ANY($1::text[])', [[...packs]]);
    const referenced = new Set(still.map((r) => r.object_key));
    unreferenced = [...packs].filter((k) => !referenced.has(k));
  }
  return removeAll(storage, [...whole, ...unreferenced]);
}

/** Deletes one project's events received before `cutoff`, `batch` rows per statement, then groups last seen before it. */
export async function deleteExpired(ds: DataSource, storage: ObjectRemover | undefined, projectId: number, cutoff: Date, batch: number): Promise<DeletionReport> {
  const report = empty();
  for (;;) {
    const [rows] = (await ds.query(
      `DELETE FROM events WHERE (project_id, event_id) IN (
         SELECT project_id, event_id FROM events WHERE project_id = $1 AND received_at < $2 LIMIT $3)
       RETURNING object_key, object_offset`,
      [projectId, cutoff, batch],
    )) as [DeletedRow[], number];
    report.events += rows.length;
    report.objects += await removeObjects(ds, storage, rows);
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
 * username or IP the SDK sent) and its raw bytes (whole objects deleted, packs deleted or
 * rewritten without them), and the user from the groups' exact user sets. Group counters stay
 * (they are counts, not personal data); a group already counting users with HyperLogLog keeps
 * its estimate, which holds no user key.
 */
export async function eraseUser(ds: DataSource, storage: PackRewriter | undefined, projectId: number, userKey: string, batch = 1_000): Promise<DeletionReport> {
  const report = empty();
  for (;;) {
    const rows: { event_id: string; object_key: string | null; object_offset: string | null }[] = await ds.query(
      'SELECT event_id, object_key, object_offset FROM events WHERE project_id = $1 AND user_key = $2 LIMIT $3',
      [projectId, userKey, batch],
    );
    if (rows.length === 0) break;
    const inPacks = storage ? rows.filter((r) => r.object_key && (r.object_offset !== null || isPackKey(r.object_key))) : [];
    const rest = rows.filter((r) => !inPacks.includes(r));
    if (rest.length > 0) {
      const [deleted] = (await ds.query('DELETE FROM events WHERE project_id = $1 AND event_id = ANY($2::text[]) RETURNING object_key, object_offset', [
        projectId,
        rest.map((r) => r.event_id),
      ])) as [DeletedRow[], number];
      report.events += deleted.length;
      report.objects += await removeObjects(ds, storage, deleted);
    }
    for (const key of new Set(inPacks.map((r) => r.object_key!))) await erasePack(ds, storage!, projectId, userKey, key, report);
    if (rows.length < batch) break;
  }
  const [users] = (await ds.query(
    'DELETE FROM group_users u USING groups g WHERE u.group_id = g.id AND g.project_id = $1 AND u.user_key = $2 RETURNING u.group_id',
    [projectId, userKey],
  )) as [unknown[], number];
  report.users = users.length;
  return report;
}

/** Deletes the user's rows in one pack and the pack itself, rewriting it first for the rows that stay. */
async function erasePack(ds: DataSource, storage: PackRewriter, projectId: number, userKey: string, key: string, report: DeletionReport): Promise<void> {
  const members: { event_id: string; object_offset: string | null; object_length: number | null; erased: boolean }[] = await ds.query(
    `SELECT event_id, object_offset, object_length, (project_id = $2 AND user_key IS NOT DISTINCT FROM $3) AS erased
       FROM events WHERE object_key = $1 ORDER BY object_offset`,
    [key, projectId, userKey],
  );
  const keep = members.filter((m) => !m.erased && m.object_offset !== null && m.object_length !== null);
  let moved: { key: string; ids: string[]; offsets: number[]; lengths: number[] } | undefined;
  const old = keep.length > 0 ? await storage.getRaw(key).catch((e: unknown) => (e instanceof ObjectNotFoundError ? undefined : Promise.reject(e))) : undefined;
  if (old) {
    const parts: Buffer[] = [];
    const offsets: number[] = [];
    let offset = 0;
    for (const m of keep) {
      const start = Number(m.object_offset);
      parts.push(old.subarray(start, start + m.object_length!));
      offsets.push(offset);
      offset += m.object_length!;
    }
    moved = { key: rewrittenPackKey(key, keep[0]!.event_id, keep.length), ids: keep.map((m) => m.event_id), offsets, lengths: keep.map((m) => m.object_length!) };
    await storage.putGzipped(moved.key, Buffer.concat(parts, offset), { contentType: PACK_CONTENT_TYPE });
  }
  const deleted = await ds.transaction(async (tx) => {
    if (moved) {
      await tx.query(
        `UPDATE events e SET object_key = $1, object_offset = v.off, object_length = v.len
           FROM unnest($2::text[], $3::bigint[], $4::int[]) AS v(event_id, off, len)
          WHERE e.project_id = $5 AND e.event_id = v.event_id AND e.object_key = $6`,
        [moved.key, moved.ids, moved.offsets, moved.lengths, projectId, key],
      );
    }
    const [rows] = (await tx.query('DELETE FROM events WHERE object_key = $1 AND project_id = $2 AND user_key = $3 RETURNING event_id', [key, projectId, userKey])) as [
      unknown[],
      number,
    ];
    return rows.length;
  });
  report.events += deleted;
  if (moved) report.rewritten++;
  const still: unknown[] = await ds.query('SELECT 1 FROM events WHERE object_key = $1 LIMIT 1', [key]);
  if (still.length === 0) {
    await storage.remove(key);
    report.objects++;
  }
}
