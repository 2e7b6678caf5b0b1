// Integration harness: a fresh PostgreSQL schema (projects + github-issues tables), a fresh NATS
// stream prefix, a fake GitHub with an App installation, and github-issues replicas as real
// child processes (so that kill -9 is a real kill).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, encodeMessage, NotificationSchema, type MessageInitShape } from '@faultline/contracts';
// The fake is test tooling; only tests import it (the service itself never does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { FakeGitHub, type FakeGitHubOptions } from '@faultline/fake-github';
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS } from '@faultline/platform-projects';
import { cleanupStreams, createTestSchema, freePort, testNatsUrl, uniqueId, waitFor, type TestSchema } from '@faultline/platform-testing';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { GITHUB_ISSUES_MIGRATIONS } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

/** The App key pair every harness's fake and replicas share. */
export const APP_KEYS = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
export const APP_ID = 4242;
export const INSTALLATION_ID = 77;
export const OWNER = 'acme';
export const REPO = 'web';
export const WEBHOOK_SECRET = 'wh-secret-for-tests';

/** A running github-issues process. */
export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output: () => string;
  stop: () => Promise<void>;
}

/** Everything one test file needs. */
export interface Harness {
  fake: FakeGitHub;
  prefix: string;
  schema: TestSchema;
  nc: NatsConnection;
  js: JetStreamClient;
  db: pg.Pool;
  spawnService(env?: Record<string, string>): Promise<ServiceProcess>;
  publish(subjectReceiver: string, n: MessageInitShape<typeof NotificationSchema>, msgId: string, hdrs?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** A Faultline notification for one group, as alert-router would publish it. */
export function groupNotification(project: string, group: string, o: { alertname?: string; status?: 'firing' | 'resolved'; timesSeen?: number; release?: string; startsAt?: Date } = {}): MessageInitShape<typeof NotificationSchema> {
  const labels = { alertname: o.alertname ?? 'NewIssue', project, group_id: group, level: 'error', environment: 'production' };
  const annotations = {
    title: `TypeError: boom in ${group}`, culprit: `submitOrder(src/checkout/${group}.ts)`, times_seen: String(o.timesSeen ?? 1), users_affected: '1',
    first_seen: '2026-11-27T10:00:00.000Z', last_seen: '2026-11-27T10:05:00.000Z', release: o.release ?? 'web@1.0.0', link: `http://faultline.test/projects/${project}/issues/${group}`,
  };
  const startsAt = o.startsAt ?? new Date('2026-11-27T10:00:00Z');
  return {
    version: '4', groupKey: `{}/{project="${project}"}:{group_id="${group}"}`, status: o.status ?? 'firing', receiver: 'github',
    groupLabels: { project, group_id: group }, commonLabels: labels, commonAnnotations: annotations, externalUrl: 'http://router.test',
    alerts: [{
      status: o.status ?? 'firing', labels, annotations, generatorUrl: annotations.link, fingerprint: `${group.padEnd(16, '0')}`.slice(0, 16),
      startsAt: { seconds: BigInt(Math.floor(startsAt.getTime() / 1000)), nanos: 0 },
      endsAt: o.status === 'resolved' ? { seconds: BigInt(Math.floor(Date.now() / 1000)), nanos: 0 } : { seconds: BigInt(-62135596800), nanos: 0 },
    }],
  };
}

/** Creates the harness; `fakeOptions` extend the default App + installation. */
export async function createHarness(fakeOptions: Partial<FakeGitHubOptions> = {}): Promise<Harness> {
  const prefix = uniqueId('gh').replace(/[^A-Za-z0-9_-]/g, '_');
  const schema = await createTestSchema();
  const ds = createDataSource({ ...schema.dataSourceOptions, entities: [...PROJECTS_ENTITIES], migrations: [...PROJECTS_MIGRATIONS, ...GITHUB_ISSUES_MIGRATIONS] });
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  const fake = new FakeGitHub({ app: { id: APP_ID, publicKey: APP_KEYS.publicKey }, installations: [{ id: INSTALLATION_ID, account: OWNER }], ...fakeOptions });
  await fake.start();
  const nc = await connect({ servers: testNatsUrl() });
  const js = jetstream(nc);
  const db = new pg.Pool({ connectionString: schema.url, max: 2 });
  const services: ServiceProcess[] = [];

  const spawnService = async (env: Record<string, string> = {}): Promise<ServiceProcess> => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--conditions=@faultline/source', '--import', 'tsx', '--import', resolve(here, '../../../scripts/swc/swc-register.mjs'), resolve(here, '../src/main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: resolve(root, 'tsconfig.tsx.json'),
        NATS_URL: testNatsUrl(), NATS_STREAM_PREFIX: prefix, DATABASE_URL: schema.dataSourceOptions.url, DATABASE_SCHEMA: schema.schema,
        GITHUB_ISSUES_PORT: String(port), GITHUB_ISSUES_HOST: '127.0.0.1', LOG_LEVEL: 'warn',
        GITHUB_API_URL: fake.url, GITHUB_APP_ID: String(APP_ID), GITHUB_PRIVATE_KEY: APP_KEYS.privateKey,
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
        CONSUMER_ACK_WAIT: '5s', CONSUMER_BACKOFF: '200ms', GITHUB_REQUEST_TIMEOUT: '2s', GITHUB_MAX_INLINE_WAIT: '1500ms', GITHUB_CLAIM_STALE_AFTER: '4s', GITHUB_RETRY_BASE: '100ms',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const url = `http://127.0.0.1:${port}`;
    let dead = false;
    void exited.then(() => (dead = true));
    const ready = waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok, { timeoutMs: 60_000, intervalMs: 100, description: 'github-issues ready' });
    await Promise.race([ready, exited.then(() => Promise.reject(new Error('exited')))]).catch((e: Error) => {
      throw new Error(`${dead ? 'github-issues exited before ready' : e.message}\n${out}`);
    });
    const svc: ServiceProcess = {
      child, url, exited, output: () => out,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
      },
    };
    services.push(svc);
    return svc;
  };

  return {
    fake, prefix, schema, nc, js, db, spawnService,
    async publish(receiver, n, msgId, hdrs = {}) {
      const h = natsHeaders();
      h.set('Nats-Msg-Id', msgId);
      for (const [k, v] of Object.entries(hdrs)) h.set(k, v);
      await js.publish(`${prefix}.notify.github.${receiver}`, encodeMessage(NotificationSchema, create(NotificationSchema, n)), { headers: h });
    },
    async close() {
      await Promise.all(services.map((s) => s.stop()));
      await fake.stop();
      await db.end();
      await nc.drain();
      await cleanupStreams(testNatsUrl(), prefix);
      await schema.drop();
    },
  };
}

/** Waits until the NOTIFY stream of the prefix exists (a replica provisioned it). */
export async function streamReady(h: Harness): Promise<void> {
  const jsm = await jetstreamManager(h.nc);
  await waitFor(() => jsm.streams.info(`${h.prefix}_NOTIFY`).then(() => true, () => false), { timeoutMs: 10_000 });
}
