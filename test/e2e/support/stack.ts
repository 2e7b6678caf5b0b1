// The whole pipeline for the end-to-end tests and the e2e benchmark: the five services as
// processes (from their builds), on the machine's NATS and PostgreSQL with a fresh stream
// prefix and schema, an s3rver and the fake GitHub started here. Everything is removed by
// stop(), so runs never see each other's data.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupStreams, createTestSchema, freePort, serviceEnv, testNatsUrl, uniqueId, waitFor, type TestSchema } from '@faultline/platform-testing';
import { ServiceProcess } from './service-process.js';

/** The services in pipeline order; each is started after the ones before it. */
export const SERVICES = ['ingest', 'enrichment', 'clustering', 'alert-router', 'github-issues'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Environment variable holding each service's HTTP port. */
const PORT_VARIABLE: Record<ServiceName, string> = {
  ingest: 'INGEST_PORT',
  enrichment: 'ENRICHMENT_PORT',
  clustering: 'CLUSTERING_PORT',
  'alert-router': 'ALERT_ROUTER_PORT',
  'github-issues': 'GITHUB_ISSUES_PORT',
};

export interface StackOptions {
  /** Services to start (default all five). */
  services?: readonly ServiceName[];
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Extra environment per service (wins over `env`). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Extra node flags per service. */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** Ports chosen by the caller (e.g. one a webhook sender must know first); free ports otherwise. */
  ports?: Partial<Record<ServiceName, number>>;
  /** NATS the services use (default: the machine's, testNatsUrl()). */
  natsUrl?: string;
  /** PostgreSQL host:port the services connect to instead of the schema's (e.g. a proxy's). */
  databaseAddress?: string;
  /** Restart a service whenever it exits unasked, as Kubernetes would (the chaos test). */
  supervise?: boolean;
}

/** An s3rver in its own process: in the test's process it would share an event loop with the load. */
export interface S3rverProcess {
  endpoint: string;
  accessKeyId: 'S3RVER';
  secretAccessKey: 'S3RVER';
  pid: number | undefined;
  stop(): Promise<void>;
}

export async function startS3rverProcess(directory: string, bucket: string): Promise<S3rverProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['node_modules/s3rver/bin/s3rver.js', '-d', directory, '-a', '127.0.0.1', '-p', String(port), '--silent', '--configure-bucket', bucket],
    { stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`s3rver exited with ${child.exitCode}`);
      return (await fetch(`${endpoint}/${bucket}`).catch(() => undefined))?.status === 200;
    },
    { timeoutMs: 15_000, intervalMs: 100, description: 's3rver' },
  );
  return {
    endpoint,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Stack {
  prefix: string;
  schema: TestSchema;
  s3: S3rverProcess;
  /** The environment every service got (NATS, PostgreSQL, S3, ports …). */
  env: NodeJS.ProcessEnv;
  services: Map<ServiceName, ServiceProcess>;
  service(name: ServiceName): ServiceProcess;
  /** Runs `faultline <args>` (the built CLI) against the stack; throws on a non-zero exit. */
  cli(args: string[]): string;
  /** A scratch directory removed by stop(). */
  workDir: string;
  stop(): Promise<void>;
}

/** Starts NATS streams, schema, object store and the services; rejects (after cleaning up) if one is not ready. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const prefix = uniqueId('e2e');
  const schema = await createTestSchema();
  const workDir = await mkdtemp(join(tmpdir(), 'faultline-e2e-'));
  const s3 = await startS3rverProcess(join(workDir, 's3'), 'faultline');
  const wanted = options.services ?? SERVICES;
  const ports = new Map<ServiceName, number>();
  for (const name of wanted) ports.set(name, options.ports?.[name] ?? (await freePort()));
  const natsUrl = options.natsUrl ?? testNatsUrl();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...serviceEnv({ prefix, schema, natsUrl, s3: { ...s3, bucket: 'faultline' }, logLevel: 'warn' }),
    FAULTLINE_PUBLIC_URL: `http://127.0.0.1:${ports.get('ingest') ?? 8080}`,
    ...options.env,
  };
  for (const [name, port] of ports) env[PORT_VARIABLE[name]] = String(port);
  // The CLI (migrations, projects) talks to PostgreSQL directly; services maybe through a proxy.
  const serviceDatabaseUrl = options.databaseAddress ? schema.url.replace(/@[^/]+\//, `@${options.databaseAddress}/`) : schema.url;
  const services = new Map<ServiceName, ServiceProcess>();
  const stop = async () => {
    await Promise.all([...services.values()].map((service) => service.stop('SIGTERM')));
    await cleanupStreams(natsUrl, `${prefix}_`).catch(() => undefined);
    await s3.stop();
    await schema.drop();
    await rm(workDir, { recursive: true, force: true });
  };
  const cli = (args: string[]) => {
    const run = spawnSync(process.execPath, ['bin/faultline.mjs', ...args], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`faultline ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return run.stdout;
  };
  try {
    cli(['migrate']);
    const provision = spawnSync(process.execPath, ['scripts/provision.mjs'], { env, encoding: 'utf8' });
    if (provision.status !== 0) throw new Error(`provisioning failed: ${provision.stderr}`);
    for (const name of wanted) {
      const service = new ServiceProcess({
        name,
        port: ports.get(name)!,
        env: { ...env, DATABASE_URL: serviceDatabaseUrl, ...options.serviceEnv?.[name] },
        supervise: options.supervise,
        nodeArgs: options.nodeArgs?.[name],
      });
      services.set(name, service);
      await service.start();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    prefix,
    schema,
    s3,
    env,
    services,
    service: (name) => {
      const service = services.get(name);
      if (!service) throw new Error(`${name} is not part of this stack`);
      return service;
    },
    cli,
    workDir,
    stop,
  };
}
