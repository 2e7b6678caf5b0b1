import { startS3rver, uniqueId, type StartedS3rver } from '@faultline/platform-testing';
import { Client } from 'minio';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ObjectNotFoundError } from './object-not-found.error.js';
import { ObjectStorage } from './object-storage.js';

describe('ObjectStorage', () => {
  let server: StartedS3rver;
  let storage: ObjectStorage;
  // A second client that looks at what was stored, bypassing ObjectStorage.
  let raw: Client;

  beforeAll(async () => {
    server = await startS3rver();
    raw = new Client({
      endPoint: server.host,
      port: server.port,
      useSSL: false,
      accessKey: server.accessKeyId,
      secretKey: server.secretAccessKey,
      region: 'us-east-1',
      pathStyle: true,
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(async () => {
    // S3 bucket names allow hyphens but not underscores.
    storage = new ObjectStorage({
      endpoint: server.endpoint,
      accessKey: server.accessKeyId,
      secretKey: server.secretAccessKey,
      bucket: uniqueId('b').replace(/_/g, '-'),
    });
    await storage.ensureBucket();
  });

  it('stores gzip-compressed with the original content type and reads it back decompressed', async () => {
    const document = 'x'.repeat(10_000);
    const put = await storage.putGzip('events/1.txt', document, {
      contentType: 'text/plain; charset=utf-8',
      metadata: { project: 'web' },
    });
    expect(put).toMatchObject({ key: 'events/1.txt', bytes: 10_000 });
    expect(put.compressedBytes).toBeLessThan(200);

    expect((await storage.getGunzip('events/1.txt')).toString()).toBe(document);

    const stat = await raw.statObject(storage.bucket, 'events/1.txt');
    expect(stat.size).toBe(put.compressedBytes);
    expect(stat.metaData).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-encoding': 'gzip',
      project: 'web',
    });
    const stored = Buffer.concat(await (await raw.getObject(storage.bucket, 'events/1.txt')).toArray());
    expect(gunzipSync(stored).toString()).toBe(document);
  });

  it('round-trips binary buffers and JSON', async () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    await storage.putGzip('bin', bytes, { contentType: 'application/octet-stream' });
    expect(await storage.getGunzip('bin')).toEqual(bytes);

    const event = { event_id: 'a'.repeat(32), tags: { release: '1.0.0' }, message: 'TypeError: x is undefined' };
    await storage.putJsonGzip('events/2.json', event);
    expect(await storage.getJson<typeof event>('events/2.json')).toEqual(event);
    expect((await raw.statObject(storage.bucket, 'events/2.json')).metaData['content-type']).toBe('application/json');
  });

  it('reports a missing object as ObjectNotFoundError', async () => {
    const reading = storage.getGunzip('missing/key');
    await expect(reading).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(reading).rejects.toMatchObject({ key: 'missing/key', bucket: storage.bucket });
    await expect(storage.getJson('missing/key')).rejects.toThrow(/object "missing\/key" not found in bucket/);
  });

  it('answers exists, removes, and treats removing a missing object as done', async () => {
    expect(await storage.exists('k')).toBe(false);
    await storage.putGzip('k', 'v', { contentType: 'text/plain' });
    expect(await storage.exists('k')).toBe(true);
    await storage.remove('k');
    expect(await storage.exists('k')).toBe(false);
    await expect(storage.remove('k')).resolves.toBeUndefined();
  });

  it('gives a presigned URL that a plain GET can fetch', async () => {
    const event = { event_id: 'b'.repeat(32), level: 'error' };
    await storage.putJsonGzip('events/3.json', event);

    const url = await storage.presignedGetUrl('events/3.json', 60);
    expect(url).toContain('X-Amz-Signature=');
    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-type')).toBe('application/json');
    // fetch decodes Content-Encoding: gzip like a browser, so the body is the original JSON.
    expect(await response.json()).toEqual(event);
  });

  it('lists the objects under a prefix', async () => {
    await storage.putGzip('p/a/1', '1', { contentType: 'text/plain' });
    await storage.putGzip('p/a/2', '2', { contentType: 'text/plain' });
    await storage.putGzip('p/b/1', '3', { contentType: 'text/plain' });

    const listed = await storage.list('p/a/');

    expect(listed.map((o) => o.key)).toEqual(['p/a/1', 'p/a/2']);
    expect(listed[0].size).toBeGreaterThan(0);
    expect(listed[0].lastModified).toBeInstanceOf(Date);
    expect(await storage.list('nothing/')).toEqual([]);
  });

  it('stores concatenated gzip members and reads one member back with a range read', async () => {
    const docs = ['{"n":1}\n', `{"n":2,"pad":"${'y'.repeat(5_000)}"}\n`, '{"n":3}\n'];
    const members = docs.map((d) => gzipSync(d, { level: 1 }));
    const pack = Buffer.concat(members);
    await storage.putGzipped('packs/1.pack.gz', pack, { contentType: 'application/x-ndjson' });

    // The whole object is a valid multi-member gzip: NDJSON once decompressed.
    expect((await storage.getGunzip('packs/1.pack.gz')).toString()).toBe(docs.join(''));
    expect((await raw.statObject(storage.bucket, 'packs/1.pack.gz')).metaData).toMatchObject({ 'content-encoding': 'gzip' });
    const offset = members[0]!.length;
    expect(await storage.getRange('packs/1.pack.gz', offset, members[1]!.length)).toEqual(members[1]);
    expect((await storage.getGunzipRange('packs/1.pack.gz', offset, members[1]!.length)).toString()).toBe(docs[1]);
    expect((await storage.getGunzipRange('packs/1.pack.gz', offset + members[1]!.length, members[2]!.length)).toString()).toBe(docs[2]);
    expect(await storage.getRaw('packs/1.pack.gz')).toEqual(pack);
    // No range: the whole object, as rows written before packs are read.
    expect((await storage.getGunzipRange('packs/1.pack.gz', null, null)).toString()).toBe(docs.join(''));
    await expect(storage.getGunzipRange('packs/1.pack.gz', offset, members[1]!.length, { maxBytes: 100 })).rejects.toThrow(/decompresses to more than 100 bytes/);
    await expect(storage.getRange('packs/missing', 0, 10)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.getRange('packs/1.pack.gz', pack.length - 2, 10)).rejects.toThrow(/shorter/);
  });

  it('refuses to decompress beyond maxBytes', async () => {
    await storage.putGzip('big', Buffer.alloc(100_000), { contentType: 'application/octet-stream' });
    await expect(storage.getGunzip('big', { maxBytes: 1000 })).rejects.toThrow(/decompresses to more than 1000 bytes/);
    expect((await storage.getGunzip('big', { maxBytes: 100_000 })).length).toBe(100_000);
  });

  it('creates a bucket once, however often and concurrently ensureBucket is called', async () => {
    const fresh = new ObjectStorage({
      endpoint: server.endpoint,
      accessKey: server.accessKeyId,
      secretKey: server.secretAccessKey,
      bucket: uniqueId('b').replace(/_/g, '-'),
    });
    expect(await fresh.bucketExists()).toBe(false);

    await Promise.all([fresh.ensureBucket(), fresh.ensureBucket()]);
    await fresh.putGzip('kept', 'still here', { contentType: 'text/plain' });
    await fresh.ensureBucket();

    expect(await fresh.bucketExists()).toBe(true);
    expect((await fresh.getGunzip('kept')).toString()).toBe('still here');
  });
});
