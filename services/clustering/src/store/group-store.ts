// Reads and status changes of groups, shared by the command consumer and the CLI
// (`faultline groups list|show|resolve`), so both change a group the same way.
import type { DataSource } from 'typeorm';
import type { GroupSnapshot } from '../pipeline/stored-event.js';

/** A group as `groups list|show` prints it. */
export interface GroupRecord {
  id: string;
  projectId: number;
  title: string;
  culprit: string;
  level: string;
  status: 'unresolved' | 'resolved' | 'ignored';
  firstSeen: Date;
  lastSeen: Date;
  timesSeen: number;
  usersAffected: number;
  firstRelease: string | null;
  lastRelease: string | null;
  resolvedInRelease: string | null;
  /** Resolved in the next release: only a release newer than `resolvedInRelease` reopens it. */
  resolvedInNextRelease: boolean;
  resolvedAt: Date | null;
  regressedAt: Date | null;
  groupingConfig: string;
  externalIssue: GroupSnapshot['externalIssue'];
  hashes: { hash: string; config: string; similarity: number | null }[];
}

/** Filters of `listGroups`. */
export interface ListGroupsOptions {
  status?: GroupRecord['status'];
  limit?: number;
}

/** A change requested by a command. */
export type GroupChange =
  | { type: 'resolve'; inRelease: string | null; inNextRelease?: boolean }
  | { type: 'unresolve' }
  | { type: 'ignore' }
  | { type: 'link'; issue: NonNullable<GroupSnapshot['externalIssue']> }
  | { type: 'unlink' };

/** The group does not exist in the project. */
export class GroupNotFoundError extends Error {
  override name = 'GroupNotFoundError';
  constructor(projectId: number, groupId: string) {
    super(`group ${groupId} does not exist in project ${projectId}`);
  }
}

const COLUMNS = `g.id, g.project_id, g.title, g.culprit, g.level, g.status, g.first_seen, g.last_seen, g.times_seen, g.users_affected,
  g.first_release, g.last_release, g.resolved_in_release, g.resolved_in_next_release, g.resolved_at, g.regressed_at, g.grouping_config, g.external_issue,
  COALESCE((SELECT json_agg(json_build_object('hash', h.hash, 'config', h.config, 'similarity', h.similarity) ORDER BY h.created_at, h.hash)
            FROM group_hashes h WHERE h.group_id = g.id), '[]') AS hashes`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw pg row
function toRecord(r: any): GroupRecord {
  return {
    id: String(r.id),
    projectId: r.project_id,
    title: r.title,
    culprit: r.culprit,
    level: r.level,
    status: r.status,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    timesSeen: Number(r.times_seen),
    usersAffected: r.users_affected,
    firstRelease: r.first_release,
    lastRelease: r.last_release,
    resolvedInRelease: r.resolved_in_release,
    resolvedInNextRelease: r.resolved_in_next_release === true,
    resolvedAt: r.resolved_at,
    regressedAt: r.regressed_at,
    groupingConfig: r.grouping_config,
    externalIssue: r.external_issue,
    hashes: r.hashes,
  };
}

/** Groups of a project, most recently seen first. */
export async function listGroups(ds: DataSource, projectId: number, options: ListGroupsOptions = {}): Promise<GroupRecord[]> {
  const rows = await ds.query(
    `SELECT ${COLUMNS} FROM groups g WHERE g.project_id = $1 AND ($2::text IS NULL OR g.status = $2) ORDER BY g.last_seen DESC, g.id LIMIT $3`,
    [projectId, options.status ?? null, options.limit ?? 100],
  );
  return rows.map(toRecord);
}

/** One group, or undefined. */
export async function getGroup(ds: DataSource, projectId: number, groupId: string): Promise<GroupRecord | undefined> {
  if (!/^\d{1,18}$/.test(groupId)) return undefined;
  const rows = await ds.query(`SELECT ${COLUMNS} FROM groups g WHERE g.project_id = $1 AND g.id = $2`, [projectId, groupId]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/**
 * Applies a status change (idempotent: applying it twice leaves the same row). Returns the
 * group after the change and whether anything changed.
 */
export async function applyGroupChange(ds: DataSource, projectId: number, groupId: string, change: GroupChange): Promise<{ group: GroupRecord; changed: boolean }> {
  if (!/^\d{1,18}$/.test(groupId)) throw new GroupNotFoundError(projectId, groupId);
  let sql: string;
  let params: unknown[];
  switch (change.type) {
    case 'resolve':
      if (change.inNextRelease) {
        // In the next release: only an event from a release newer than the latest one seen reopens
        // it (no release seen yet: any later event does, as a plain resolve).
        sql = `UPDATE groups SET status = 'resolved', resolved_at = now(), resolved_in_release = last_release,
                 resolved_in_next_release = (last_release IS NOT NULL), updated_at = now()
                WHERE project_id = $1 AND id = $2 AND (status <> 'resolved' OR NOT resolved_in_next_release)`;
        params = [projectId, groupId];
        break;
      }
      sql = `UPDATE groups SET status = 'resolved', resolved_at = now(), resolved_in_release = $3, resolved_in_next_release = false, updated_at = now()
              WHERE project_id = $1 AND id = $2 AND (status <> 'resolved' OR resolved_in_release IS DISTINCT FROM $3 OR resolved_in_next_release)`;
      params = [projectId, groupId, change.inRelease];
      break;
    case 'unresolve':
      sql = `UPDATE groups SET status = 'unresolved', resolved_at = NULL, resolved_in_release = NULL, resolved_in_next_release = false, updated_at = now()
              WHERE project_id = $1 AND id = $2 AND status <> 'unresolved'`;
      params = [projectId, groupId];
      break;
    case 'ignore':
      sql = `UPDATE groups SET status = 'ignored', resolved_at = NULL, resolved_in_release = NULL, resolved_in_next_release = false, updated_at = now()
              WHERE project_id = $1 AND id = $2 AND status <> 'ignored'`;
      params = [projectId, groupId];
      break;
    case 'link':
      sql = `UPDATE groups SET external_issue = $3::jsonb, updated_at = now()
              WHERE project_id = $1 AND id = $2 AND external_issue IS DISTINCT FROM $3::jsonb`;
      params = [projectId, groupId, JSON.stringify(change.issue)];
      break;
    case 'unlink':
      // The GitHub issue was deleted: forget it (the next notification opens a new one).
      sql = `UPDATE groups SET external_issue = NULL, updated_at = now()
              WHERE project_id = $1 AND id = $2 AND external_issue IS NOT NULL`;
      params = [projectId, groupId];
      break;
  }
  const [, count] = (await ds.query(sql, params)) as [unknown, number];
  const group = await getGroup(ds, projectId, groupId);
  if (!group) throw new GroupNotFoundError(projectId, groupId);
  return { group, changed: count > 0 };
}
