import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link startS3rver}. */
export interface StartS3rverOptions {
  /** Buckets to create before the server answers. */
  buckets?: string[];
}

/** A running s3rver, see {@link startS3rver}. */
export interface StartedS3rver {
  /** Base URL of the S3 API, `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Always 127.0.0.1. */
  host: string;
  /** The port the server listens on. */
  port: number;
  /** s3rver accepts any signature made with this access key. */
  accessKeyId: 'S3RVER';
  /** The secret that goes with {@link StartedS3rver.accessKeyId}. */
  secretAccessKey: 'S3RVER';
  /** Temporary directory holding the buckets; removed by `stop()`. */
  directory: string;
  /** Stops the server and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

// The parts of the untyped s3rver class this helper uses.
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver ships CommonJS without type declarations. Loading it through require keeps the
// missing types local to this file: a default import would make every project that
// type-checks this source need an ambient declaration for 's3rver'.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/**
 * Starts a silent s3rver on a free port of 127.0.0.1 with a fresh temporary directory,
 * so each test file gets its own S3-compatible server.
 */
export async function startS3rver(options: StartS3rverOptions = {}): Promise<StartedS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'faultline-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  let address: { port: number };
  try {
    address = await server.run();
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  let stopped: Promise<void> | undefined;
  const host = '127.0.0.1';
  return {
    endpoint: `http://${host}:${address.port}`,
    host,
    port: address.port,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    directory,
    stop: () => (stopped ??= stop(server, directory)),
  };
}

async function stop(server: S3rverInstance, directory: string): Promise<void> {
  const closed = server.close();
  // Clients with keep-alive agents may still hold connections; close them so that stop()
  // does not wait for their idle timeout.
  server.httpServer?.closeAllConnections();
  await closed;
  await rm(directory, { recursive: true, force: true });
}
