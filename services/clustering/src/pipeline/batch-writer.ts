// Writes one batch of prepared events in one PostgreSQL transaction. Every table gets one
// multi-row statement with its keys sorted (so replicas lock rows in the same order and do
// not deadlock), counts are summed per group first, and `INSERT … ON CONFLICT DO NOTHING`
// on (project, event id) decides which events count: a redelivered event changes nothing.
// Two replicas racing on a new fingerprint meet on the unique (project, first hash) of
// `groups` and the primary key of `group_hashes`; the loser adopts the winner's group and
// deletes its own, so one group and one `new` event exist.
import type { DataSource, QueryRunner } from 'typeorm';
import { HyperLogLog } from '@faultline/alert-rules';
import type { PreparedEvent } from './prepared-event.js';
import { reopens, type RegressionMode } from './release-order.js';
import type { GroupSnapshot, StoredEvent } from './stored-event.js';
import { maxLevel } from './levels.js';

/** What the writer asks the rest of the service while it writes. */
export interface BatchWriterDeps {
  /** A similar recent group for an event whose hashes are all unknown (undefined: none, or similarity off). */
  similar(event: PreparedEvent): { groupId: string; score: number } | undefined;
  regression(projectId: number): RegressionMode;
  usersExactLimit: number;
  /**
   * A duplicate stored less than this long ago re-publishes its activity (the stream drops the
   * copy if the first publish got through); an older one publishes nothing, so a late duplicate
   * or a replay never announces an event twice. The ISSUES stream's duplicate window (2 min).
   */
  republishWindowMs: number;
}

interface GroupRow {
  id: string;
  project_id: number;
  title: string;
  culprit: string;
  level: string;
  status: 'unresolved' | 'resolved' | 'ignored';
  first_seen: Date;
  last_seen: Date;
  times_seen: string;
  users_affected: number;
  users_exact: number;
  users_hll: Buffer | null;
  first_release: string | null;
  last_release: string | null;
  resolved_in_release: string | null;
  resolved_in_next_release: boolean;
  grouping_config: string;
  external_issue: GroupSnapshot['externalIssue'];
}

const key = (projectId: number, s: string) => `${projectId}\u0000${s}`;
const byKey = <T extends { projectId: number }>(f: (t: T) => string) => (a: T, b: T) =>
  a.projectId - b.projectId || (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);

async function q<T>(runner: QueryRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await runner.query(sql, params, true)).records as T[];
}

/** Writes batches; one instance per replica. */
export class BatchWriter {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: BatchWriterDeps,
  ) {}

  /** Writes the batch and returns one StoredEvent per input (duplicates included, `counted: false`). */
  async write(events: PreparedEvent[]): Promise<StoredEvent[]> {
    for (let attempt = 1; ; attempt++) {
      const runner = this.ds.createQueryRunner();
      try {
        await runner.connect();
        await runner.startTransaction();
        const out = await this.writeIn(runner, events);
        await runner.commitTransaction();
        return out;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
        // Deadlocks and serialization failures between replicas are retried at once a few times.
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if ((code === '40P01' || code === '40001') && attempt < 4) continue;
        throw error;
      } finally {
        await runner.release();
      }
    }
  }

  /**
   * Which of these events already have a row (`<project>/<event id>`): a redelivered batch leaves
   * them out of its packs, so an erased user's bytes do not linger unreferenced in a newer pack.
   */
  async storedAlready(events: readonly { projectId: number; eventId: string }[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { project_id: number; event_id: string }[] = await this.ds.query(
      `SELECT e.project_id, e.event_id FROM events e
         JOIN unnest($1::int[], $2::text[]) AS k(project_id, event_id) ON e.project_id = k.project_id AND e.event_id = k.event_id`,
      [events.map((e) => e.projectId), events.map((e) => e.eventId)],
    );
    return new Set(rows.map((r) => `${r.project_id}/${r.event_id}`));
  }

  private async writeIn(runner: QueryRunner, input: PreparedEvent[]): Promise<StoredEvent[]> {
    // One writer per (project, event id) within the batch; later copies share its result.
    const unique = new Map<string, PreparedEvent>();
    for (const e of input) if (!unique.has(key(e.projectId, e.eventId))) unique.set(key(e.projectId, e.eventId), e);
    const events = [...unique.values()].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.eventId < b.eventId ? -1 : 1));

    // 1. Known hashes.
    const allHashes = new Map<string, { projectId: number; hash: string }>();
    for (const e of events) for (const h of e.fp.hashes) allHashes.set(key(e.projectId, h.hash), { projectId: e.projectId, hash: h.hash });
    const known = await this.lookupHashes(runner, [...allHashes.values()]);

    // 2. Each event's target: a known hash, a similar group, or a new group keyed by its first hash.
    const target = new Map<PreparedEvent, string>();
    const similarity = new Map<PreparedEvent, number>();
    const newGroups = new Map<string, PreparedEvent>();
    const candidates = new Map<PreparedEvent, { groupId: string; score: number }>();
    for (const e of events) {
      if (e.fp.hashes.some((h) => known.has(key(e.projectId, h.hash)))) continue;
      const similar = this.deps.similar(e);
      if (similar) candidates.set(e, similar);
    }
    // The index is a cache: a group it remembers may have been deleted (retention) since.
    const alive = new Set<string>();
    if (candidates.size > 0) {
      const ids = [...new Set([...candidates.values()].map((c) => c.groupId))];
      for (const r of await q<{ id: string }>(runner, 'SELECT id FROM groups WHERE id = ANY($1::bigint[])', [ids])) alive.add(String(r.id));
    }
    for (const e of events) {
      const hit = e.fp.hashes.map((h) => known.get(key(e.projectId, h.hash))).find((g) => g !== undefined);
      if (hit) {
        target.set(e, hit);
        continue;
      }
      const primary = key(e.projectId, e.fp.hashes[0]!.hash);
      if (newGroups.has(primary)) continue;
      const c = candidates.get(e);
      const similar = c && alive.has(c.groupId) ? c : undefined;
      if (similar) {
        target.set(e, similar.groupId);
        similarity.set(e, similar.score);
        known.set(primary, similar.groupId);
      } else {
        newGroups.set(primary, e);
      }
    }

    // 3. New groups (the unique first hash settles races between replicas).
    const created = await this.createGroups(runner, [...newGroups.values()]);
    for (const e of events) {
      if (target.has(e)) continue;
      const g = created.ids.get(key(e.projectId, e.fp.hashes[0]!.hash));
      if (g) target.set(e, g);
    }

    // 4. Every hash of every event points at a group; then the table, not this batch, decides.
    const hashRows: { projectId: number; hash: string; groupId: string; config: string; similarity: number | null }[] = [];
    const seenHash = new Set<string>();
    for (const e of events) {
      for (const h of e.fp.hashes) {
        const k = key(e.projectId, h.hash);
        if (seenHash.has(k) || known.has(k) && !similarity.has(e)) continue;
        seenHash.add(k);
        hashRows.push({ projectId: e.projectId, hash: h.hash, groupId: target.get(e)!, config: h.config, similarity: similarity.get(e) ?? null });
      }
    }
    await this.insertHashes(runner, hashRows);
    const primaries = new Map<string, { projectId: number; hash: string }>();
    for (const e of events) primaries.set(key(e.projectId, e.fp.hashes[0]!.hash), { projectId: e.projectId, hash: e.fp.hashes[0]!.hash });
    const final = await this.lookupHashes(runner, [...primaries.values()]);
    for (const e of events) {
      const g = final.get(key(e.projectId, e.fp.hashes[0]!.hash));
      if (!g) throw new Error(`hash ${e.fp.hashes[0]!.hash} of project ${e.projectId} has no group after insert`);
      target.set(e, g);
    }
    const used = new Set(target.values());
    const orphans = created.mine.filter((id) => !used.has(id));
    if (orphans.length > 0) await q(runner, 'DELETE FROM groups WHERE id = ANY($1::bigint[])', [orphans]);
    const createdHere = new Set(created.mine.filter((id) => used.has(id)));

    // 5. Lock the groups, in id order, and read their state.
    const groupIds = [...used].sort((a, b) => Number(a) - Number(b));
    const rows = await q<GroupRow>(
      runner,
      `SELECT id, project_id, title, culprit, level, status, first_seen, last_seen, times_seen, users_affected, users_exact, users_hll,
              first_release, last_release, resolved_in_release, resolved_in_next_release, grouping_config, external_issue
         FROM groups WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE`,
      [groupIds],
    );
    const groups = new Map(rows.map((r) => [String(r.id), r]));

    // 6. Which events exist already (with the lock held, no other replica is writing these groups' events).
    const existing = await this.existingEvents(runner, events);

    // 7. Kinds, then the events themselves; RETURNING says which ones count.
    const kinds = new Map<PreparedEvent, StoredEvent['kind']>();
    const regressedAt = new Map<string, Date>();
    const newSeen = new Set<string>();
    for (const e of events) {
      const gid = target.get(e)!;
      const g = groups.get(gid)!;
      if (existing.has(key(e.projectId, e.eventId))) continue;
      if (createdHere.has(gid) && !newSeen.has(gid)) {
        newSeen.add(gid);
        kinds.set(e, 'new');
      } else if (g.status === 'resolved' && !regressedAt.has(gid) && reopens(this.deps.regression(e.projectId), g.resolved_in_release, e.release, g.resolved_in_next_release)) {
        regressedAt.set(gid, e.receivedAt);
        kinds.set(e, 'regressed');
      } else {
        kinds.set(e, 'occurred');
      }
    }
    const counted = await this.insertEvents(runner, events.filter((e) => kinds.has(e)), target, kinds);

    // 8. Per-group aggregates of the counted events.
    const agg = new Map<string, { n: number; first: Date; last: Date; level: string; firstRelease: string | null; lastRelease: string | null; users: Set<string>; minutes: Map<number, number> }>();
    for (const e of events) {
      if (!counted.has(key(e.projectId, e.eventId))) continue;
      const gid = target.get(e)!;
      let a = agg.get(gid);
      if (!a) agg.set(gid, (a = { n: 0, first: e.receivedAt, last: e.receivedAt, level: e.level, firstRelease: e.release, lastRelease: null, users: new Set(), minutes: new Map() }));
      a.n++;
      if (e.receivedAt < a.first) a.first = e.receivedAt;
      if (e.receivedAt >= a.last) a.last = e.receivedAt;
      a.level = maxLevel(a.level, e.level);
      if (e.release) a.lastRelease = e.release;
      if (e.userKey) a.users.add(e.userKey);
      const minute = Math.floor(e.receivedAt.getTime() / 60_000) * 60_000;
      a.minutes.set(minute, (a.minutes.get(minute) ?? 0) + 1);
    }

    // 9. Distinct users: exact rows while the group is small, HyperLogLog after.
    const usersAffected = await this.countUsers(runner, agg, groups);

    // 10. Groups, in id order.
    await this.updateGroups(runner, agg, groups, regressedAt, usersAffected);

    // 11. Per-minute counters, in (group, minute) order.
    const counters: { groupId: string; minute: number; n: number }[] = [];
    for (const [gid, a] of agg) for (const [minute, n] of a.minutes) counters.push({ groupId: gid, minute, n });
    counters.sort((x, y) => Number(x.groupId) - Number(y.groupId) || x.minute - y.minute);
    if (counters.length > 0) {
      await q(
        runner,
        `INSERT INTO group_counters (group_id, minute, events)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::int[])
         ON CONFLICT (group_id, minute) DO UPDATE SET events = group_counters.events + excluded.events`,
        [counters.map((c) => c.groupId), counters.map((c) => new Date(c.minute)), counters.map((c) => c.n)],
      );
    }

    // 12. What the activities carry: window counts and every hash of each group.
    const windows = await this.windowCounts(runner, groupIds, events, target);
    const hashes = await this.groupHashes(runner, groupIds);

    const results = new Map<string, StoredEvent>();
    for (const e of events) {
      const gid = target.get(e)!;
      const g = groups.get(gid)!;
      const a = agg.get(gid);
      const prior = existing.get(key(e.projectId, e.eventId));
      const isCounted = counted.has(key(e.projectId, e.eventId));
      const status = regressedAt.has(gid) ? 'unresolved' : g.status;
      const snapshot: GroupSnapshot = {
        id: gid,
        projectId: e.projectId,
        title: g.title,
        culprit: g.culprit,
        level: a ? maxLevel(g.level, a.level) : g.level,
        status,
        firstSeen: a && a.first < g.first_seen ? a.first : g.first_seen,
        lastSeen: a && a.last > g.last_seen ? a.last : g.last_seen,
        timesSeen: Number(g.times_seen) + (a?.n ?? 0),
        usersAffected: usersAffected.get(gid) ?? g.users_affected,
        hashes: hashes.get(gid) ?? [],
        groupingConfig: g.grouping_config,
        externalIssue: g.external_issue,
        windows: windows.get(gid) ?? { minute: 0, hour: 0 },
      };
      results.set(key(e.projectId, e.eventId), {
        event: e,
        groupId: gid,
        kind: isCounted ? kinds.get(e)! : (prior?.kind ?? 'occurred'),
        counted: isCounted,
        // A duplicate written by another replica in this very moment has no prior row here: publish (deduplicated).
        publish: isCounted || (prior?.recent ?? true),
        similarity: similarity.get(e),
        createdGroup: createdHere.has(gid) && kinds.get(e) === 'new',
        group: snapshot,
      });
    }
    return input.map((e) => {
      const r = results.get(key(e.projectId, e.eventId))!;
      return r.event === e ? r : { ...r, event: e, counted: false, publish: false };
    });
  }

  private async lookupHashes(runner: QueryRunner, keys: { projectId: number; hash: string }[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await q<{ project_id: number; hash: string; group_id: string }>(
      runner,
      `SELECT h.project_id, h.hash, h.group_id FROM group_hashes h
         JOIN unnest($1::int[], $2::text[]) AS k(project_id, hash) ON h.project_id = k.project_id AND h.hash = k.hash`,
      [keys.map((k) => k.projectId), keys.map((k) => k.hash)],
    );
    return new Map(rows.map((r) => [key(r.project_id, r.hash), String(r.group_id)]));
  }

  private async createGroups(runner: QueryRunner, firsts: PreparedEvent[]): Promise<{ ids: Map<string, string>; mine: string[] }> {
    if (firsts.length === 0) return { ids: new Map(), mine: [] };
    const sorted = [...firsts].sort(byKey((e) => e.fp.hashes[0]!.hash));
    const inserted = await q<{ id: string; project_id: number; first_hash: string }>(
      runner,
      `INSERT INTO groups (project_id, first_hash, title, culprit, level, exception_type, first_seen, last_seen, first_release, last_release, grouping_config, signature)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $7::timestamptz[], $8::text[], $8::text[], $9::text[], $10::bytea[])
       ON CONFLICT (project_id, first_hash) DO NOTHING
       RETURNING id, project_id, first_hash`,
      [
        sorted.map((e) => e.projectId),
        sorted.map((e) => e.fp.hashes[0]!.hash),
        sorted.map((e) => e.fp.title),
        sorted.map((e) => e.fp.culprit),
        sorted.map((e) => e.level),
        sorted.map((e) => e.fp.exceptionType),
        sorted.map((e) => e.receivedAt),
        sorted.map((e) => e.release),
        sorted.map((e) => e.fp.hashes[0]!.config),
        sorted.map((e) => {
          const sig = e.signature();
          return sig ? Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength) : null;
        }),
      ],
    );
    const ids = new Map(inserted.map((r) => [key(r.project_id, r.first_hash), String(r.id)]));
    const missing = sorted.filter((e) => !ids.has(key(e.projectId, e.fp.hashes[0]!.hash)));
    if (missing.length > 0) {
      const rows = await q<{ id: string; project_id: number; first_hash: string }>(
        runner,
        `SELECT g.id, g.project_id, g.first_hash FROM groups g
           JOIN unnest($1::int[], $2::text[]) AS k(project_id, hash) ON g.project_id = k.project_id AND g.first_hash = k.hash`,
        [missing.map((e) => e.projectId), missing.map((e) => e.fp.hashes[0]!.hash)],
      );
      for (const r of rows) ids.set(key(r.project_id, r.first_hash), String(r.id));
    }
    return { ids, mine: inserted.map((r) => String(r.id)) };
  }

  private async insertHashes(runner: QueryRunner, rows: { projectId: number; hash: string; groupId: string; config: string; similarity: number | null }[]): Promise<void> {
    if (rows.length === 0) return;
    rows.sort(byKey((r) => r.hash));
    await q(
      runner,
      `INSERT INTO group_hashes (project_id, hash, group_id, config, similarity)
       SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[], $5::real[])
       ON CONFLICT (project_id, hash) DO NOTHING`,
      [rows.map((r) => r.projectId), rows.map((r) => r.hash), rows.map((r) => r.groupId), rows.map((r) => r.config), rows.map((r) => r.similarity)],
    );
  }

  private async existingEvents(runner: QueryRunner, events: PreparedEvent[]): Promise<Map<string, { kind: StoredEvent['kind']; recent: boolean }>> {
    const rows = await q<{ project_id: number; event_id: string; kind: StoredEvent['kind']; recent: boolean }>(
      runner,
      `SELECT e.project_id, e.event_id, e.kind, e.stored_at > now() - make_interval(secs => $3) AS recent FROM events e
         JOIN unnest($1::int[], $2::text[]) AS k(project_id, event_id) ON e.project_id = k.project_id AND e.event_id = k.event_id`,
      [events.map((e) => e.projectId), events.map((e) => e.eventId), this.deps.republishWindowMs / 1000],
    );
    return new Map(rows.map((r) => [key(r.project_id, r.event_id), { kind: r.kind, recent: r.recent }]));
  }

  private async insertEvents(runner: QueryRunner, events: PreparedEvent[], target: Map<PreparedEvent, string>, kinds: Map<PreparedEvent, string>): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const sorted = [...events].sort(byKey((e) => e.eventId));
    const col = <T>(f: (e: PreparedEvent) => T) => sorted.map(f);
    const rows = await q<{ project_id: number; event_id: string }>(
      runner,
      `INSERT INTO events (project_id, event_id, group_id, hash, kind, timestamp, received_at, release, environment, level, message, url, browser, os, user_key, trace_id, object_key, object_offset, object_length)
       SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[],
                            $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::bigint[], $19::int[])
       ON CONFLICT (project_id, event_id) DO NOTHING
       RETURNING project_id, event_id`,
      [
        col((e) => e.projectId),
        col((e) => e.eventId),
        col((e) => target.get(e)!),
        col((e) => e.fp.hashes[0]!.hash),
        col((e) => kinds.get(e)!),
        col((e) => e.timestamp),
        col((e) => e.receivedAt),
        col((e) => e.release),
        col((e) => e.environment),
        col((e) => e.level),
        col((e) => e.message),
        col((e) => e.url),
        col((e) => e.browser),
        col((e) => e.os),
        col((e) => e.userKey),
        col((e) => e.traceId),
        col((e) => e.objectKey),
        col((e) => e.objectOffset),
        col((e) => e.objectLength),
      ],
    );
    return new Set(rows.map((r) => key(r.project_id, r.event_id)));
  }

  private async countUsers(runner: QueryRunner, agg: Map<string, { users: Set<string> }>, groups: Map<string, GroupRow>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const exact: { groupId: string; user: string }[] = [];
    for (const [gid, a] of agg) {
      const g = groups.get(gid)!;
      if (a.users.size === 0) continue;
      if (g.users_exact < this.deps.usersExactLimit) for (const u of a.users) exact.push({ groupId: gid, user: u });
    }
    const added = new Map<string, number>();
    if (exact.length > 0) {
      exact.sort((x, y) => Number(x.groupId) - Number(y.groupId) || (x.user < y.user ? -1 : x.user > y.user ? 1 : 0));
      const rows = await q<{ group_id: string }>(
        runner,
        `INSERT INTO group_users (group_id, user_key) SELECT * FROM unnest($1::bigint[], $2::text[])
         ON CONFLICT DO NOTHING RETURNING group_id`,
        [exact.map((r) => r.groupId), exact.map((r) => r.user)],
      );
      for (const r of rows) added.set(String(r.group_id), (added.get(String(r.group_id)) ?? 0) + 1);
    }
    for (const [gid, a] of agg) {
      const g = groups.get(gid)!;
      if (a.users.size === 0) continue;
      const exactNow = g.users_exact + (added.get(gid) ?? 0);
      if (g.users_exact < this.deps.usersExactLimit) {
        g.users_exact = exactNow;
        out.set(gid, exactNow);
        continue;
      }
      // Past the exact limit: fold the batch's users into the group's HyperLogLog (built from the exact rows the first time).
      const hll = new HyperLogLog();
      if (g.users_hll) hll.registers.set(g.users_hll);
      else {
        const users = await q<{ user_key: string }>(runner, 'SELECT user_key FROM group_users WHERE group_id = $1', [gid]);
        for (const u of users) hll.add(u.user_key);
      }
      for (const u of a.users) hll.add(u);
      g.users_hll = Buffer.from(hll.registers);
      out.set(gid, Math.max(g.users_affected, hll.count()));
    }
    return out;
  }

  private async updateGroups(
    runner: QueryRunner,
    agg: Map<string, { n: number; first: Date; last: Date; level: string; firstRelease: string | null; lastRelease: string | null }>,
    groups: Map<string, GroupRow>,
    regressedAt: Map<string, Date>,
    users: Map<string, number>,
  ): Promise<void> {
    const ids = [...agg.keys()].sort((a, b) => Number(a) - Number(b));
    if (ids.length === 0) return;
    const col = <T>(f: (id: string, g: GroupRow) => T) => ids.map((id) => f(id, groups.get(id)!));
    await q(
      runner,
      `UPDATE groups g SET
         times_seen = g.times_seen + v.n,
         first_seen = LEAST(g.first_seen, v.first),
         last_seen = GREATEST(g.last_seen, v.last),
         level = v.level,
         first_release = COALESCE(g.first_release, v.first_release),
         last_release = COALESCE(v.last_release, g.last_release),
         users_affected = COALESCE(v.users, g.users_affected),
         users_exact = v.users_exact,
         users_hll = v.users_hll,
         status = CASE WHEN v.regressed IS NOT NULL THEN 'unresolved' ELSE g.status END,
         regressed_at = COALESCE(v.regressed, g.regressed_at),
         resolved_in_release = CASE WHEN v.regressed IS NOT NULL THEN NULL ELSE g.resolved_in_release END,
         resolved_in_next_release = CASE WHEN v.regressed IS NOT NULL THEN false ELSE g.resolved_in_next_release END,
         resolved_at = CASE WHEN v.regressed IS NOT NULL THEN NULL ELSE g.resolved_at END,
         updated_at = now()
       FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::bytea[], $11::timestamptz[])
         AS v(id, n, first, last, level, first_release, last_release, users, users_exact, users_hll, regressed)
       WHERE g.id = v.id`,
      [
        ids,
        ids.map((id) => agg.get(id)!.n),
        ids.map((id) => agg.get(id)!.first),
        ids.map((id) => agg.get(id)!.last),
        col((id, g) => maxLevel(g.level, agg.get(id)!.level)),
        ids.map((id) => agg.get(id)!.firstRelease),
        ids.map((id) => agg.get(id)!.lastRelease),
        ids.map((id) => users.get(id) ?? null),
        col((_, g) => g.users_exact),
        col((_, g) => g.users_hll),
        ids.map((id) => regressedAt.get(id) ?? null),
      ],
    );
  }

  private async windowCounts(runner: QueryRunner, groupIds: string[], events: PreparedEvent[], target: Map<PreparedEvent, string>): Promise<Map<string, { minute: number; hour: number }>> {
    const end = new Map<string, number>();
    for (const e of events) {
      const gid = target.get(e)!;
      const m = Math.floor(e.receivedAt.getTime() / 60_000) * 60_000;
      if (m > (end.get(gid) ?? 0)) end.set(gid, m);
    }
    const ids = groupIds.filter((id) => end.has(id));
    const rows = await q<{ group_id: string; minute: string | null; hour: string | null }>(
      runner,
      `SELECT c.group_id, sum(c.events) FILTER (WHERE c.minute = k.m) AS minute, sum(c.events) AS hour
         FROM unnest($1::bigint[], $2::timestamptz[]) AS k(group_id, m)
         JOIN group_counters c ON c.group_id = k.group_id AND c.minute <= k.m AND c.minute > k.m - interval '60 minutes'
        GROUP BY c.group_id`,
      [ids, ids.map((id) => new Date(end.get(id)!))],
    );
    return new Map(rows.map((r) => [String(r.group_id), { minute: Number(r.minute ?? 0), hour: Number(r.hour ?? 0) }]));
  }

  private async groupHashes(runner: QueryRunner, groupIds: string[]): Promise<Map<string, string[]>> {
    const rows = await q<{ group_id: string; hashes: string[] }>(
      runner,
      'SELECT group_id, array_agg(hash ORDER BY created_at, hash) AS hashes FROM group_hashes WHERE group_id = ANY($1::bigint[]) GROUP BY group_id',
      [groupIds],
    );
    return new Map(rows.map((r) => [String(r.group_id), r.hashes]));
  }
}
