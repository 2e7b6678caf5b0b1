// A group's life against real NATS, PostgreSQL and s3rver: resolved by an issue command,
// not reopened by an older release, regressed by a newer one; similarity attach and its
// per-project off switch; retention and GDPR erasure of events and their raw objects; bad
// input dead-lettered.
import { IssueActivityKind, IssueCommandType, type IssueActivity } from '@faultline/contracts';
import { waitFor } from '@faultline/platform-testing';
import { deleteExpired, eraseUser, getGroup } from '../src/index.js';
import { createSuite, metricValue, type Replica, type Suite } from './harness.js';
import { enrichedEvent } from './support/events.js';

describe('clustering: group lifecycle', () => {
  let suite: Suite;
  let replica: Replica;
  beforeAll(async () => {
    suite = await createSuite();
    replica = await suite.startReplica({ CLUSTERING_BATCH_MAX_WAIT: '5ms' });
  });
  afterAll(async () => {
    await suite?.close();
  });

  const eventCount = async (where = 'true', params: unknown[] = []) => Number((await suite.ds.query(`SELECT count(*) AS n FROM events WHERE ${where}`, params))[0].n);
  const activitiesOf = async (groupId: string, n: number) => {
    let found: IssueActivity[] = [];
    await waitFor(async () => (found = (await suite.activities()).filter((a) => a.groupId === groupId)).length >= n, { timeoutMs: 10_000, intervalMs: 100 });
    return found;
  };
  const send = async (spec: Parameters<typeof enrichedEvent>[0]) => {
    const e = enrichedEvent(spec);
    const before = await eventCount();
    await suite.publishEvent(e);
    await waitFor(async () => (await eventCount()) > before, { timeoutMs: 10_000, intervalMs: 50 });
    const [row] = await suite.ds.query('SELECT group_id FROM events WHERE event_id = $1', [e.eventId]);
    return { eventId: e.eventId!, groupId: String(row.group_id) };
  };

  it('resolves by command, ignores an older release, regresses on the resolved-in release', async () => {
    const first = await send({ projectId: '11', fingerprint: 1, release: 'web@1.4.0' });
    await suite.publishCommand({
      command: IssueCommandType.RESOLVE,
      projectId: '11',
      groupId: first.groupId,
      actor: 'octocat',
      deliveryId: 'delivery-1',
      resolvedInRelease: 'web@1.5.0',
    });
    await waitFor(async () => (await getGroup(suite.ds, 11, first.groupId))?.status === 'resolved', { timeoutMs: 10_000, intervalMs: 50 });
    // The same delivery again (a redelivered or re-sent webhook) changes nothing and publishes nothing new.
    await suite.publishCommand({ command: IssueCommandType.RESOLVE, projectId: '11', groupId: first.groupId, deliveryId: 'delivery-1', resolvedInRelease: 'web@1.5.0' }, 'resent-1');

    const old = await send({ projectId: '11', fingerprint: 1, release: 'web@1.4.2' });
    expect(old.groupId).toBe(first.groupId);
    let group = await getGroup(suite.ds, 11, first.groupId);
    expect(group).toMatchObject({ status: 'resolved', timesSeen: 2, resolvedInRelease: 'web@1.5.0' });

    await send({ projectId: '11', fingerprint: 1, release: 'web@1.5.0' });
    group = await getGroup(suite.ds, 11, first.groupId);
    expect(group).toMatchObject({ status: 'unresolved', timesSeen: 3, resolvedInRelease: null });
    expect(group!.regressedAt).not.toBeNull();

    const kinds = (await activitiesOf(first.groupId, 4)).map((a) => IssueActivityKind[a.kind]);
    expect(kinds).toEqual(['NEW', 'RESOLVED', 'OCCURRED', 'REGRESSED']);
  });

  it('resolved in the next release: the latest release seen does not reopen the group, a newer one does', async () => {
    const first = await send({ projectId: '16', fingerprint: 5, release: 'web@2.0.0' });
    await send({ projectId: '16', fingerprint: 5, release: 'web@2.1.0' });
    await suite.publishCommand({ command: IssueCommandType.RESOLVE, projectId: '16', groupId: first.groupId, deliveryId: 'd-next', resolveInNextRelease: true });
    await waitFor(async () => (await getGroup(suite.ds, 16, first.groupId))?.status === 'resolved', { timeoutMs: 10_000, intervalMs: 50 });
    expect(await getGroup(suite.ds, 16, first.groupId)).toMatchObject({ resolvedInRelease: 'web@2.1.0', resolvedInNextRelease: true });
    // The release the fix is not in yet keeps reporting: still resolved.
    await send({ projectId: '16', fingerprint: 5, release: 'web@2.1.0' });
    expect(await getGroup(suite.ds, 16, first.groupId)).toMatchObject({ status: 'resolved', timesSeen: 3 });
    // The next release has it again: a regression.
    await send({ projectId: '16', fingerprint: 5, release: 'web@2.2.0' });
    expect(await getGroup(suite.ds, 16, first.groupId)).toMatchObject({ status: 'unresolved', resolvedInRelease: null, resolvedInNextRelease: false });
  });

  it('applies ignore, unresolve and link commands; an unknown group is dead-lettered', async () => {
    const { groupId } = await send({ projectId: '12', fingerprint: 2 });
    await suite.publishCommand({ command: IssueCommandType.IGNORE, projectId: '12', groupId, deliveryId: 'd-ignore' });
    await waitFor(async () => (await getGroup(suite.ds, 12, groupId))?.status === 'ignored', { timeoutMs: 10_000, intervalMs: 50 });
    await suite.publishCommand({
      command: IssueCommandType.LINK_EXTERNAL_ISSUE,
      projectId: '12',
      groupId,
      deliveryId: 'd-link',
      externalIssue: { owner: 'acme', repo: 'web', number: 42, url: 'https://github.com/acme/web/issues/42' },
    });
    await waitFor(async () => (await getGroup(suite.ds, 12, groupId))?.externalIssue?.number === 42, { timeoutMs: 10_000, intervalMs: 50 });
    // An ignored group keeps counting and stays ignored.
    await send({ projectId: '12', fingerprint: 2 });
    expect(await getGroup(suite.ds, 12, groupId)).toMatchObject({ status: 'ignored', timesSeen: 2 });
    await suite.publishCommand({ command: IssueCommandType.UNRESOLVE, projectId: '12', groupId, deliveryId: 'd-unresolve' });
    await waitFor(async () => (await getGroup(suite.ds, 12, groupId))?.status === 'unresolved', { timeoutMs: 10_000, intervalMs: 50 });
    const activities = await activitiesOf(groupId, 4);
    expect(activities.at(-1)!.externalIssue?.url).toBe('https://github.com/acme/web/issues/42');
    // The GitHub issue was deleted: github-issues asks to forget it.
    await suite.publishCommand({ command: IssueCommandType.UNLINK_EXTERNAL_ISSUE, projectId: '12', groupId, deliveryId: 'd-unlink' });
    await waitFor(async () => (await getGroup(suite.ds, 12, groupId))?.externalIssue == null, { timeoutMs: 10_000, intervalMs: 50 });

    await suite.publishCommand({ command: IssueCommandType.RESOLVE, projectId: '12', groupId: '999999', deliveryId: 'd-missing' });
    await waitFor(async () => (await suite.deadLetters('clustering-commands')) === 1, { timeoutMs: 10_000, intervalMs: 100 });
  });

  it('attaches a near-duplicate stack to the similar group, unless the project turned similarity off', async () => {
    const base = await send({ projectId: '13', fingerprint: 30, frames: 40 });
    const near = await send({ projectId: '13', fingerprint: 30, frames: 40, mutateFrame: 39 });
    expect(near.groupId).toBe(base.groupId);
    const [hash] = await suite.ds.query('SELECT similarity FROM group_hashes WHERE group_id = $1 AND similarity IS NOT NULL', [base.groupId]);
    expect(hash.similarity).toBeGreaterThanOrEqual(0.9);
    const different = await send({ projectId: '13', fingerprint: 31, frames: 40 });
    expect(different.groupId).not.toBe(base.groupId);

    await suite.ds.query('INSERT INTO clustering_settings (project_id, similarity_enabled) VALUES (14, false)');
    // Each attempt uses a fresh stack: until the settings refresh reaches the replica, a pair still attaches.
    let attempt = 40;
    await waitFor(async () => {
      attempt++;
      const probe = await send({ projectId: '14', fingerprint: attempt, frames: 40 });
      const again = await send({ projectId: '14', fingerprint: attempt, frames: 40, mutateFrame: 39 });
      return again.groupId !== probe.groupId;
    }, { timeoutMs: 10_000, intervalMs: 300 });
  });

  it('deletes events and raw objects past retention (per project) and erases a user on request', async () => {
    const day = 86_400_000;
    const old = await send({ projectId: '15', fingerprint: 5, receivedAt: new Date(Date.now() - 100 * day), user: 'alice' });
    const recent = await send({ projectId: '15', fingerprint: 5, user: 'alice' });
    const bob = await send({ projectId: '15', fingerprint: 5, user: 'bob' });
    const shortLived = await send({ projectId: '16', fingerprint: 6, receivedAt: new Date(Date.now() - 20 * day) });
    await suite.ds.query('INSERT INTO clustering_settings (project_id, retention_days) VALUES (16, 10)');
    const key = async (eventId: string) => (await suite.ds.query('SELECT object_key FROM events WHERE event_id = $1', [eventId]))[0]?.object_key as string | undefined;
    const oldKey = (await key(old.eventId))!;
    const shortKey = (await key(shortLived.eventId))!;
    expect(await suite.storage.exists(oldKey)).toBe(true);

    await waitFor(async () => {
      const report = await replica.retention.runOnce();
      return report?.get(16)?.events === 1;
    }, { timeoutMs: 5_000, intervalMs: 250 });
    expect(await eventCount('event_id = $1', [old.eventId])).toBe(0);
    expect(await suite.storage.exists(oldKey)).toBe(false);
    expect(await suite.storage.exists(shortKey)).toBe(false);
    expect(await eventCount('event_id = $1', [recent.eventId])).toBe(1);
    // Project 16's only group lost its only event and was last seen before the cutoff: deleted.
    expect(await getGroup(suite.ds, 16, shortLived.groupId)).toBeUndefined();

    const recentKey = (await key(recent.eventId))!;
    const report = await eraseUser(suite.ds, suite.storage, 15, 'alice');
    expect(report).toMatchObject({ events: 1, objects: 1, users: 1 });
    expect(await eventCount("project_id = 15 AND user_key = 'alice'")).toBe(0);
    expect(await suite.storage.exists(recentKey)).toBe(false);
    expect(await eventCount('event_id = $1', [bob.eventId])).toBe(1);
    expect(await suite.ds.query("SELECT user_key FROM group_users WHERE user_key = 'alice'")).toEqual([]);
  });

  it('re-publishes the activity of a recent duplicate (deduplicated by the stream) but not of a late one', async () => {
    const metric = async (name: string, labels: Record<string, string>) => metricValue(await (await fetch(`${replica.url}/metrics`)).text(), name, labels);
    const duplicates = () => metric('faultline_clustering_events_total', { result: 'duplicate' });
    const republished = () => metric('faultline_clustering_activities_total', { kind: 'new', result: 'duplicate' });
    const e = enrichedEvent({ projectId: '20', fingerprint: 3 });
    await suite.publishEvent(e);
    await waitFor(async () => (await eventCount('project_id = 20')) === 1, { timeoutMs: 10_000, intervalMs: 50 });
    const before = { duplicates: await duplicates(), republished: await republished() };

    await suite.publishEvent(e, `${e.eventId}-recent-copy`);
    await waitFor(async () => (await duplicates()) === before.duplicates + 1, { timeoutMs: 10_000, intervalMs: 50 });
    expect(await republished()).toBe(before.republished + 1);

    await suite.ds.query("UPDATE events SET stored_at = now() - interval '10 minutes' WHERE project_id = 20");
    await suite.publishEvent(e, `${e.eventId}-late-copy`);
    await waitFor(async () => (await duplicates()) === before.duplicates + 2, { timeoutMs: 10_000, intervalMs: 50 });
    expect(await republished()).toBe(before.republished + 1);
    expect((await suite.activities()).filter((a) => a.eventId === e.eventId)).toHaveLength(1);
    const [{ group_id: groupId }] = await suite.ds.query('SELECT group_id FROM events WHERE project_id = 20');
    expect(await getGroup(suite.ds, 20, String(groupId))).toMatchObject({ timesSeen: 1 });
  });

  it('deletes in chunks of the retention batch size', async () => {
    const day = 86_400_000;
    for (let i = 0; i < 3; i++) await send({ projectId: '18', fingerprint: 8, receivedAt: new Date(Date.now() - 200 * day) });
    const report = await deleteExpired(suite.ds, suite.storage, 18, new Date(Date.now() - 90 * day), 1);
    expect(report).toMatchObject({ events: 3, objects: 3, groups: 1 });
  });

  it('counts users exactly up to CLUSTERING_USERS_EXACT_LIMIT, then with HyperLogLog', async () => {
    await replica.close();
    replica = await suite.startReplica({ CLUSTERING_BATCH_MAX_WAIT: '5ms', CLUSTERING_USERS_EXACT_LIMIT: '3' });
    let groupId = '';
    for (let i = 0; i < 12; i++) groupId = (await send({ projectId: '19', fingerprint: 9, user: `person-${i}` })).groupId;
    await send({ projectId: '19', fingerprint: 9, user: 'person-0' });
    const group = await getGroup(suite.ds, 19, groupId);
    // 4,096 registers count a dozen users exactly (linear counting), and a repeat user adds nothing.
    expect(group).toMatchObject({ timesSeen: 13, usersAffected: 12 });
    const exact = await suite.ds.query('SELECT count(*) AS n FROM group_users WHERE group_id = $1', [groupId]);
    expect(Number(exact[0].n)).toBe(3);
    const [{ hll }] = await suite.ds.query('SELECT users_hll IS NOT NULL AS hll FROM groups WHERE id = $1', [groupId]);
    expect(hll).toBe(true);
  });

  it('dead-letters an event with a bad project id or one over CLUSTERING_MAX_EVENT_BYTES', async () => {
    await suite.publishEvent({ ...enrichedEvent({ projectId: 'x', fingerprint: 1 }), projectId: 'web' });
    await waitFor(async () => (await suite.deadLetters('clustering')) === 1, { timeoutMs: 10_000, intervalMs: 100 });
    await replica.close();
    replica = await suite.startReplica({ CLUSTERING_MAX_EVENT_BYTES: '2048' });
    await suite.publishEvent(enrichedEvent({ projectId: '17', fingerprint: 1, padBytes: 4_000 }));
    await waitFor(async () => (await suite.deadLetters('clustering')) === 2, { timeoutMs: 10_000, intervalMs: 100 });
    expect(await eventCount('project_id = 17')).toBe(0);
  });
});
