// The digest and the event link read clustering's raw events from real PostgreSQL rows and
// s3rver objects: a member of a pack by range read, or a whole object for rows written before packs.
import { gzipSync } from 'node:zlib';
import { EnrichedEventSchema, encodeMessage } from '@faultline/contracts';
import { createDataSource } from '@faultline/platform-persistence';
import { ObjectStorage } from '@faultline/platform-storage';
import { createTestSchema, startS3rver, type StartedS3rver, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { EventDigestReader } from './event-digest.js';

const id = (n: number) => n.toString(16).padStart(32, '0');
const enriched = (n: number, message: string) =>
  `${encodeMessage(EnrichedEventSchema, {
    projectId: '3',
    eventId: id(n),
    event: { eventId: id(n), platform: 'javascript', level: 'error', exception: { values: [{ type: 'TypeError', value: message }] } },
  })}\n`;

describe('EventDigestReader against PostgreSQL and object storage', () => {
  let schema: TestSchema;
  let ds: DataSource;
  let s3: StartedS3rver;
  let storage: ObjectStorage;

  beforeAll(async () => {
    schema = await createTestSchema();
    ds = createDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: [] });
    await ds.initialize();
    // The columns of clustering's `events` table this reader uses.
    await ds.query(`CREATE TABLE events (project_id int, event_id text, group_id bigint, object_key text, object_offset bigint, object_length int,
                                         trace_id text, message text, browser text, os text, received_at timestamptz)`);
    s3 = await startS3rver();
    storage = new ObjectStorage({ endpoint: s3.endpoint, accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey, bucket: 'digest-events' });
    await storage.ensureBucket();
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
    await s3?.stop();
  });

  it('reads one event out of a pack by its offset and length, and a legacy whole object', async () => {
    const members = [gzipSync(enriched(1, 'first in pack')), gzipSync(enriched(2, 'second in pack')), gzipSync(enriched(3, 'third in pack'))];
    await storage.putGzipped('3/2026-11-27/p.pack.gz', Buffer.concat(members), { contentType: 'application/x-ndjson' });
    await storage.putGzip('3/2026-01-01/legacy.json.gz', enriched(4, 'legacy object').trim(), { contentType: 'application/json' });
    const at = (i: number) => members.slice(0, i).reduce((n, m) => n + m.length, 0);
    for (const i of [0, 1, 2]) {
      await ds.query("INSERT INTO events VALUES (3, $1, 10, '3/2026-11-27/p.pack.gz', $2, $3, NULL, '', 'Chrome 1', 'macOS', now() - make_interval(secs => $4))", [
        id(i + 1),
        at(i),
        members[i]!.length,
        10 - i,
      ]);
    }
    await ds.query("INSERT INTO events VALUES (3, $1, 20, '3/2026-01-01/legacy.json.gz', NULL, NULL, NULL, '', NULL, NULL, now())", [id(4)]);
    const reader = new EventDigestReader(ds, storage, (e) => {
      throw e;
    });

    expect(JSON.parse((await reader.rawEvent('3', id(2)))!.toString()).event.exception.values[0].value).toBe('second in pack');
    expect(JSON.parse((await reader.rawEvent('3', id(4)))!.toString()).event.exception.values[0].value).toBe('legacy object');
    expect(await reader.rawEvent('3', id(9))).toBeUndefined();
    // The latest event of group 10 is the third member.
    expect((await reader.read('3', '10')).exception).toBe('`TypeError`: third in pack');
    expect((await reader.read('3', '20')).exception).toBe('`TypeError`: legacy object');
  });
});
