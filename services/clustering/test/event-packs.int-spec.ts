// Raw events in packs against real NATS, PostgreSQL and s3rver: one pack per project per batch,
// each row pointing at its own gzip member; a member read alone with a range request; a pack
// deleted by retention only when no row references it; erasure rewriting a shared pack so the
// erased user's bytes are really gone; legacy whole-object rows still read and erased.
import { gunzipSync } from 'node:zlib';
import { waitFor } from '@faultline/platform-testing';
import { deleteExpired, eraseUser } from '../src/index.js';
import { createSuite, type Replica, type Suite } from './harness.js';
import { enrichedEvent } from './support/events.js';

interface Row {
  event_id: string;
  user_key: string | null;
  object_key: string;
  object_offset: string | null;
  object_length: number | null;
}

describe('clustering: raw events in packs', () => {
  let suite: Suite;
  let replica: Replica;
  beforeAll(async () => {
    suite = await createSuite();
    // A long batch wait so the events published at once land in one batch.
    replica = await suite.startReplica({ CLUSTERING_BATCH_MAX_WAIT: '400ms' });
  });
  afterAll(async () => {
    await suite?.close();
  });

  const rowsOf = async (projectId: number): Promise<Row[]> =>
    suite.ds.query('SELECT event_id, user_key, object_key, object_offset, object_length FROM events WHERE project_id = $1 ORDER BY object_offset', [projectId]);
  const readEvent = async (r: Row) =>
    JSON.parse((await suite.storage.getGunzipRange(r.object_key, r.object_offset === null ? null : Number(r.object_offset), r.object_length)).toString('utf8')) as {
      event_id: string;
      event: { user?: { id?: string } };
    };
  const sendAll = async (projectId: number, users: string[]) => {
    const events = users.map((user, i) => enrichedEvent({ projectId: String(projectId), fingerprint: 40 + (i % 2), user, padBytes: 2_000 }));
    await Promise.all(events.map((e) => suite.publishEvent(e)));
    await waitFor(async () => (await rowsOf(projectId)).length === events.length, { timeoutMs: 10_000, intervalMs: 50 });
    return events.map((e) => e.eventId!);
  };

  it('stores one pack per project per batch; each row reads back its own event with a range read', async () => {
    const ids = await sendAll(31, ['alice', 'bob', 'carol', 'dave']);
    const rows = await rowsOf(31);
    const keys = new Set(rows.map((r) => r.object_key));
    expect(keys.size).toBe(1);
    const key = [...keys][0]!;
    expect(key).toMatch(/^31\/\d{4}-\d{2}-\d{2}\/[0-9a-f]{32}-4-[0-9a-f]{8}\.pack\.gz$/);
    for (const r of rows) {
      expect(r.object_offset).not.toBeNull();
      expect((await readEvent(r)).event_id).toBe(r.event_id);
    }
    // Members are back to back and the whole pack is NDJSON once decompressed.
    const raw = await suite.storage.getRaw(key);
    expect(rows.reduce((n, r) => n + r.object_length!, 0)).toBe(raw.length);
    const lines = gunzipSync(raw).toString('utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => (JSON.parse(l) as { event_id: string }).event_id).sort()).toEqual([...ids].sort());
  });

  it('retention deletes a pack only once no row references it', async () => {
    await sendAll(32, ['alice', 'bob', 'carol']);
    const [key] = new Set((await rowsOf(32)).map((r) => r.object_key));
    const day = 86_400_000;
    await suite.ds.query("UPDATE events SET received_at = now() - interval '100 days' WHERE project_id = 32 AND user_key IN ('alice', 'bob')");
    let report = await deleteExpired(suite.ds, suite.storage, 32, new Date(Date.now() - 90 * day), 1);
    expect(report).toMatchObject({ events: 2, objects: 0 });
    expect(await suite.storage.exists(key!)).toBe(true);
    const [carol] = await rowsOf(32);
    expect((await readEvent(carol!)).event.user?.id).toBe('carol');

    await suite.ds.query("UPDATE events SET received_at = now() - interval '100 days' WHERE project_id = 32");
    report = await deleteExpired(suite.ds, suite.storage, 32, new Date(Date.now() - 90 * day), 10);
    expect(report).toMatchObject({ events: 1, objects: 1 });
    expect(await suite.storage.exists(key!)).toBe(false);
  });

  it('erasure rewrites a shared pack without the user, moves the other rows to it and deletes the old pack', async () => {
    await sendAll(33, ['alice', 'bob', 'alice', 'carol']);
    const before = await rowsOf(33);
    const oldKey = before[0]!.object_key;
    expect(gunzipSync(await suite.storage.getRaw(oldKey)).toString()).toContain('"alice"');

    const report = await eraseUser(suite.ds, suite.storage, 33, 'alice');
    expect(report).toMatchObject({ events: 2, rewritten: 1, objects: 1 });
    expect(await suite.storage.exists(oldKey)).toBe(false);
    const after = await rowsOf(33);
    expect(after.map((r) => r.user_key).sort()).toEqual(['bob', 'carol']);
    const newKey = after[0]!.object_key;
    expect(newKey).not.toBe(oldKey);
    expect(newKey).toMatch(/^33\/\d{4}-\d{2}-\d{2}\/[0-9a-f]{32}-2-[0-9a-f]{8}\.pack\.gz$/);
    expect(after.every((r) => r.object_key === newKey)).toBe(true);
    for (const r of after) expect((await readEvent(r)).event.user?.id).toBe(r.user_key);
    const rest = gunzipSync(await suite.storage.getRaw(newKey)).toString();
    expect(rest).not.toContain('"alice"');
    expect(rest.split('\n').filter(Boolean)).toHaveLength(2);
    expect((await suite.storage.list('33/')).map((o) => o.key)).toEqual([newKey]);

    // Erasing everyone left deletes the pack.
    await eraseUser(suite.ds, suite.storage, 33, 'bob');
    expect(await eraseUser(suite.ds, suite.storage, 33, 'carol')).toMatchObject({ events: 1, rewritten: 0, objects: 1 });
    expect(await suite.storage.list('33/')).toEqual([]);
  });

  it('reads and erases rows written before packs (whole objects, no offset)', async () => {
    const [id] = await sendAll(34, ['erin']);
    const legacyKey = `34/2026-01-01/${id}.json.gz`;
    await suite.storage.putGzip(legacyKey, JSON.stringify({ event_id: id, event: { user: { id: 'erin' } } }), { contentType: 'application/json' });
    const [row] = await rowsOf(34);
    await suite.ds.query('UPDATE events SET object_key = $1, object_offset = NULL, object_length = NULL WHERE project_id = 34', [legacyKey]);
    await suite.storage.remove(row!.object_key);
    const [legacy] = await rowsOf(34);
    expect((await readEvent(legacy!)).event_id).toBe(id);

    expect(await eraseUser(suite.ds, suite.storage, 34, 'erin')).toMatchObject({ events: 1, objects: 1, rewritten: 0 });
    expect(await suite.storage.exists(legacyKey)).toBe(false);
  });

  it('a redelivered batch leaves the events already stored out of its pack', async () => {
    const ids = await sendAll(35, ['frank', 'grace']);
    const keys = (await suite.storage.list('35/')).map((o) => o.key);
    expect(keys).toHaveLength(1);
    // The same messages again under new message ids (the stream does not deduplicate them), with one new event.
    const copies = ids.map((eventId, i) => enrichedEvent({ projectId: '35', fingerprint: 40 + i, user: 'frank', eventId, padBytes: 2_000 }));
    const fresh = enrichedEvent({ projectId: '35', fingerprint: 40, user: 'heidi', padBytes: 2_000 });
    await Promise.all([...copies.map((e, i) => suite.publishEvent(e, `${ids[i]}-again`)), suite.publishEvent(fresh)]);
    await waitFor(async () => (await rowsOf(35)).length === 3, { timeoutMs: 10_000, intervalMs: 50 });
    await waitFor(async () => {
      const text = await (await fetch(`${replica.url}/metrics`)).text();
      return /faultline_clustering_events_total\{result="duplicate"\} ([2-9]|\d\d)/.test(text);
    }, { timeoutMs: 10_000, intervalMs: 100 });
    const now = (await suite.storage.list('35/')).map((o) => o.key);
    const added = now.filter((k) => !keys.includes(k));
    expect(added).toHaveLength(1);
    const lines = gunzipSync(await suite.storage.getRaw(added[0]!)).toString().split('\n').filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { event_id: string }).event_id)).toEqual([fresh.eventId]);
  });
});
