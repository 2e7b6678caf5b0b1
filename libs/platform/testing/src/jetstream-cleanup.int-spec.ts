import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { cleanupStreams } from './jetstream-cleanup.js';
import { testNatsUrl } from './test-urls.js';
import { uniqueId } from './unique-id.js';

describe('cleanupStreams', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const mine = uniqueId('cleanup');
  const neighbour = uniqueId('neighbour');

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await cleanupStreams(testNatsUrl(), neighbour);
    await nc.close();
  });

  async function addStream(name: string): Promise<void> {
    await jsm.streams.add({ name, subjects: [`${name}.>`] });
  }

  async function streamNames(): Promise<string[]> {
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    return names;
  }

  it('deletes the streams with the prefix and leaves the others alone', async () => {
    await addStream(`${mine}_EVENTS`);
    await addStream(`${mine}_DLQ`);
    await addStream(`${neighbour}_EVENTS`);

    const deleted = await cleanupStreams(testNatsUrl(), mine);

    expect(deleted.sort()).toEqual([`${mine}_DLQ`, `${mine}_EVENTS`]);
    const remaining = await streamNames();
    expect(remaining.filter((n) => n.startsWith(mine))).toEqual([]);
    expect(remaining).toContain(`${neighbour}_EVENTS`);
  });

  it('returns nothing when no stream matches', async () => {
    await expect(cleanupStreams(testNatsUrl(), uniqueId('none'))).resolves.toEqual([]);
  });

  it('refuses an empty prefix', async () => {
    await expect(cleanupStreams(testNatsUrl(), '')).rejects.toThrow(/non-empty prefix/);
  });
});
