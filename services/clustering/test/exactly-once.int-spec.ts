// At-least-once delivery, exactly-once effects, against real NATS, PostgreSQL and s3rver:
// 10,000 events over 50 fingerprints through two replicas, with every fifth event published a
// second time under another Nats-Msg-Id (a duplicate the stream cannot drop) and whole batches
// failing after their commit (as if the replica died before acking), so they are redelivered.
import { IssueActivityKind } from '@faultline/contracts';
import { waitFor } from '@faultline/platform-testing';
import { createSuite, metricValue, type Suite } from './harness.js';
import { enrichedEvent, newEventId } from './support/events.js';

const EVENTS = 10_000;
const FINGERPRINTS = 50;
const USERS = 300;

describe('clustering: exactly-once effects under redelivery, two replicas', () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await createSuite();
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('stores 10,000 events in 50 groups with exact counts and 50 new activities', async () => {
    const replicas = [
      await suite.startReplica({ CLUSTERING_BATCH_MAX_EVENTS: '250', CLUSTERING_BATCH_MAX_WAIT: '20ms', CLUSTERING_STORE_OBJECTS: process.env.NOOBJ ? 'false' : 'true' }),
      await suite.startReplica({ CLUSTERING_BATCH_MAX_EVENTS: '250', CLUSTERING_BATCH_MAX_WAIT: '20ms', CLUSTERING_STORE_OBJECTS: process.env.NOOBJ ? 'false' : 'true' }),
    ];
    // Each replica fails its 2nd and 5th batch after the commit: every event of those batches is redelivered.
    let forced = 0;
    for (const r of replicas) {
      let batches = 0;
      r.pipeline.afterCommit = () => {
        batches++;
        if (batches === 2 || batches === 5) {
          forced++;
          throw new Error('simulated crash after commit, before ack');
        }
      };
    }

    const project = '7';
    const expected = new Map<number, { events: number; users: Set<string> }>();
    const publishes: Promise<void>[] = [];
    let duplicates = 0;
    for (let i = 0; i < EVENTS; i++) {
      const f = i % FINGERPRINTS;
      const user = `user-${(i * 7) % USERS}`;
      const e = enrichedEvent({ projectId: project, fingerprint: f, user, eventId: newEventId() });
      const x = expected.get(f) ?? { events: 0, users: new Set<string>() };
      x.events++;
      x.users.add(user);
      expected.set(f, x);
      publishes.push(suite.publishEvent(e));
      if (i % 5 === 0) {
        duplicates++;
        publishes.push(suite.publishEvent(e, `${e.eventId}-again`));
      }
      if (publishes.length >= 500) await Promise.all(publishes.splice(0));
    }
    await Promise.all(publishes);

    await waitFor(async () => Number((await suite.ds.query('SELECT count(*) AS n FROM events'))[0].n) === EVENTS, { timeoutMs: 100_000, intervalMs: 250 });
    // Everything acknowledged: nothing pending on the durable.
    await waitFor(async () => {
      const info = await suite.jsm.consumers.info(`${suite.prefix}_EVENTS`, 'clustering');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    expect(forced).toBeGreaterThanOrEqual(2);

    const groups: { id: string; title: string; times_seen: string; users_affected: number; status: string }[] = await suite.ds.query(
      'SELECT id, title, times_seen, users_affected, status FROM groups ORDER BY id',
    );
    expect(groups).toHaveLength(FINGERPRINTS);
    const perGroup: { group_id: string; n: string; users: string }[] = await suite.ds.query(
      'SELECT group_id, count(*) AS n, count(DISTINCT user_key) AS users FROM events GROUP BY group_id',
    );
    const byGroup = new Map(perGroup.map((r) => [String(r.group_id), r]));
    for (const g of groups) {
      expect(Number(g.times_seen)).toBe(EVENTS / FINGERPRINTS);
      expect(Number(byGroup.get(String(g.id))!.n)).toBe(EVENTS / FINGERPRINTS);
      expect(g.users_affected).toBe(Number(byGroup.get(String(g.id))!.users));
      expect(g.status).toBe('unresolved');
    }
    const counters = await suite.ds.query('SELECT sum(events) AS n FROM group_counters');
    expect(Number(counters[0].n)).toBe(EVENTS);
    const hashes = await suite.ds.query('SELECT count(DISTINCT group_id) AS g, count(*) AS n FROM group_hashes');
    expect(Number(hashes[0].g)).toBe(FINGERPRINTS);

    // One activity per stored event (re-publishes after redelivery were dropped by Nats-Msg-Id), 50 of them `new`.
    let activities = await suite.activities();
    await waitFor(async () => (activities = await suite.activities()).length >= EVENTS, { timeoutMs: 20_000, intervalMs: 500 });
    expect(activities).toHaveLength(EVENTS);
    expect(new Set(activities.map((a) => a.eventId)).size).toBe(EVENTS);
    const news = activities.filter((a) => a.kind === IssueActivityKind.NEW);
    expect(news).toHaveLength(FINGERPRINTS);
    expect(new Set(news.map((a) => a.groupId)).size).toBe(FINGERPRINTS);
    expect(activities.filter((a) => a.kind === IssueActivityKind.OCCURRED)).toHaveLength(EVENTS - FINGERPRINTS);
    const sample = activities.at(-1)!;
    expect(sample.userKey).toMatch(/^user-/);
    expect(sample.tags.route).toMatch(/^\/page\//);
    expect(sample.fingerprintHashes.length).toBeGreaterThanOrEqual(1);
    expect(sample.windows[1]!.events).toBeGreaterThan(0);

    // The raw events are in packs (project/date/first event id-count-random), each row pointing at its own member.
    const packed = await suite.ds.query('SELECT event_id, object_key, object_offset, object_length FROM events ORDER BY random() LIMIT 20');
    for (const row of packed) {
      expect(row.object_key).toMatch(new RegExp(`^${project}/\\d{4}-\\d{2}-\\d{2}/[0-9a-f]{32}-\\d+-[0-9a-f]{8}\\.pack\\.gz$`));
      const raw = JSON.parse((await suite.storage.getGunzipRange(row.object_key, Number(row.object_offset), row.object_length)).toString('utf8'));
      expect(raw.event_id).toBe(row.event_id);
    }
    // Far fewer objects than events: one PUT per batch and project.
    const [{ packs }] = await suite.ds.query('SELECT count(DISTINCT object_key) AS packs FROM events');
    expect(Number(packs)).toBeLessThan(EVENTS / 5);

    const metrics = await (await fetch(`${replicas[0]!.url}/metrics`)).text();
    const metrics2 = await (await fetch(`${replicas[1]!.url}/metrics`)).text();
    const dup = metricValue(metrics, 'faultline_clustering_events_total', { result: 'duplicate' }) + metricValue(metrics2, 'faultline_clustering_events_total', { result: 'duplicate' });
    expect(dup).toBeGreaterThanOrEqual(duplicates);
    const stored = metricValue(metrics, 'faultline_clustering_events_total', { result: 'stored' }) + metricValue(metrics2, 'faultline_clustering_events_total', { result: 'stored' });
    expect(stored).toBe(EVENTS);
    // No batch exceeded CLUSTERING_BATCH_MAX_EVENTS.
    for (const m of [metrics, metrics2]) {
      expect(metricValue(m, 'faultline_clustering_batch_events_bucket', { le: '250' })).toBe(metricValue(m, 'faultline_clustering_batch_events_count'));
      expect(metricValue(m, 'faultline_clustering_batch_events_count')).toBeGreaterThan(0);
    }
    for (const r of replicas) await r.close();
  }, 150_000);
});
