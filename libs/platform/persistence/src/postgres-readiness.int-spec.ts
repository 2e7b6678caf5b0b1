import { createServer, type AddressInfo, type Socket } from 'node:net';
import { testDatabaseUrl } from '@faultline/platform-testing';
import { createDataSource } from './create-data-source.js';
import { postgresReadiness } from './postgres-readiness.js';

describe('postgresReadiness', () => {
  it('passes against a reachable database', async () => {
    const dataSource = createDataSource({ url: testDatabaseUrl(), entities: [], migrations: [] });
    try {
      const readiness = postgresReadiness(dataSource);
      expect(readiness.name).toBe('postgres');
      await expect(readiness.check()).resolves.toBeUndefined();
      expect(dataSource.isInitialized).toBe(true);
      await expect(readiness.check()).resolves.toBeUndefined();
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });

  it('fails with a readable reason when nothing listens', async () => {
    const dataSource = createDataSource({ url: 'postgres://postgres@127.0.0.1:1/test', entities: [], migrations: [] });

    await expect(postgresReadiness(dataSource).check()).rejects.toThrow(
      /^PostgreSQL is not reachable: connect ECONNREFUSED 127\.0\.0\.1:1$/,
    );
    expect(dataSource.isInitialized).toBe(false);
  });

  it('fails within its timeout when the server does not answer', async () => {
    // A server that accepts connections and never speaks: the PostgreSQL handshake hangs.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const dataSource = createDataSource({
      url: `postgres://postgres@127.0.0.1:${port}/test`,
      entities: [],
      migrations: [],
      connectTimeoutMs: 1000,
    });
    try {
      const started = Date.now();
      await expect(postgresReadiness(dataSource, { timeoutMs: 200 }).check()).rejects.toThrow(
        /^PostgreSQL is not reachable: no answer within 200 ms$/,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
