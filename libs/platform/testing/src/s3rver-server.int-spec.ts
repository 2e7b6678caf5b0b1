import { stat } from 'node:fs/promises';
import { startS3rver, type StartedS3rver } from './s3rver-server.js';

describe('startS3rver', () => {
  let server: StartedS3rver | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('serves the S3 API on a free 127.0.0.1 port with the well-known credentials', async () => {
    server = await startS3rver({ buckets: ['preset'] });
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(server).toMatchObject({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    expect((await stat(server.directory)).isDirectory()).toBe(true);

    // s3rver lets anonymous requests list a bucket, enough to see it answers.
    const response = await fetch(`${server.endpoint}/preset`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Name>preset</Name>');
  });

  it('gives each caller its own server', async () => {
    const other = await startS3rver();
    server = await startS3rver();
    try {
      expect(other.port).not.toBe(server.port);
      expect(other.directory).not.toBe(server.directory);
    } finally {
      await other.stop();
    }
  });

  it('stops listening and removes its directory on stop, twice without harm', async () => {
    const started = await startS3rver();
    await started.stop();
    await expect(stat(started.directory)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fetch(started.endpoint)).rejects.toThrow();
    await expect(started.stop()).resolves.toBeUndefined();
  });
});
