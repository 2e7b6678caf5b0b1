// Runs alert router replicas as real processes (so that one can be killed with -9) against the real
// NATS and PostgreSQL: a fresh schema with the router's tables, a fresh stream namespace, a local
// webhook receiver recording what it gets, and helpers to publish activity and read NOTIFY.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type IssueActivity, IssueActivityKind, GroupStatus, IssueActivitySchema, NotificationSchema, STREAMS, create, decodeMessage, encodeMessage, timestampFromDate,
} from '@faultline/contracts';
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { cleanupStreams, createTestSchema, freePort, testNatsUrl, uniqueId, type TestSchema } from '@faultline/platform-testing';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { ALERT_ROUTER_MIGRATIONS } from '../src/store/migrations.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A webhook receiver on a free port recording every POST body by path. */
export class WebhookSink {
  readonly received: { path: string; body: Record<string, unknown>; at: number }[] = [];
  /** Status codes to answer with, consumed in order (then 200). */
  readonly script: number[] = [];
  /** Like `script`, for one path only (checked first). */
  readonly scripts: Record<string, number[]> = {};
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const status = this.scripts[req.url ?? '']?.shift() ?? this.script.shift() ?? 200;
        if (status < 300) this.received.push({ path: req.url ?? '', body: JSON.parse(body || 'null') as Record<string, unknown>, at: Date.now() });
        else this.failed.push(req.url ?? '');
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Paths of requests answered with an error status. */
  readonly failed: string[] = [];

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

/** One router process. */
export interface Replica {
  readonly url: string;
  readonly proc: ChildProcess;
  readonly output: string[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  metrics(): Promise<string>;
  metric(name: string): Promise<number | undefined>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The shared environment of one test file: schema, namespace, NATS connection, config file. */
export class RouterEnv {
  schema!: TestSchema;
  prefix = uniqueId('ar');
  nc!: NatsConnection;
  dir = mkdtempSync(join(tmpdir(), 'alert-router-'));
  configPath = join(this.dir, 'alerting.yml');
  private readonly replicas: Replica[] = [];

  async setup(config?: string): Promise<this> {
    this.schema = await createTestSchema();
    const ds = createDataSource({ url: this.schema.url, schema: this.schema.schema, entities: [], migrations: [...ALERT_ROUTER_MIGRATIONS] });
    await ds.initialize();
    await runMigrations(ds);
    await ds.destroy();
    this.nc = await connect({ servers: testNatsUrl() });
    // The ISSUES stream must exist before the first activity is published (clustering creates it in production).
    const jsm = await jetstreamManager(this.nc);
    for (const s of [STREAMS.ISSUES, STREAMS.NOTIFY]) {
      await jsm.streams.add({ name: `${this.prefix}_${s.name}`, subjects: s.subjects.map((x) => `${this.prefix}.${x}`), duplicate_window: 120e9 });
    }
    if (config !== undefined) writeConfig(this.configPath, config);
    return this;
  }

  /** Starts a replica; resolves once its HTTP port answers. */
  async start(env: Record<string, string> = {}, nodeArgs: string[] = [], opts: { built?: boolean } = {}): Promise<Replica> {
    const port = await freePort();
    // From source (tests) or the tsc build (the benchmark, as `npm run up` runs it).
    const entry = opts.built
      ? ['services/alert-router/dist/main.js']
      : ['--conditions=@faultline/source', '--import', 'tsx', '--import', './scripts/swc/swc-register.mjs', 'services/alert-router/src/main.ts'];
    const proc = spawn(process.execPath, [...nodeArgs, ...entry], {
      cwd: ROOT,
      env: {
        ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.tsx.json', NATS_URL: testNatsUrl(), NATS_STREAM_PREFIX: this.prefix,
        DATABASE_URL: this.schema.url, DATABASE_SCHEMA: this.schema.schema, LOG_LEVEL: 'warn', ALERT_ROUTER_PORT: String(port),
        ALERT_ROUTER_HOST: '127.0.0.1', ALERT_ROUTER_EXTERNAL_URL: `http://127.0.0.1:${port}`, ALERT_ROUTER_LEASE_TTL: '2s',
        ALERT_ROUTER_SYNC_INTERVAL: '200ms', ALERT_ROUTER_TICK_INTERVAL: '500ms', ALERT_ROUTER_WEBHOOK_BACKOFF: '50ms',
        CONSUMER_BACKOFF: '200ms', CONSUMER_ACK_WAIT: '5s', ALERTING_CONFIG: this.configPath, ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    proc.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    proc.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const url = `http://127.0.0.1:${port}`;
    const metrics = () => fetch(`${url}/metrics`).then((r) => r.text());
    const replica: Replica = {
      url, proc, output, exited, metrics,
      metric: async (name) => {
        const m = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(await metrics());
        return m ? Number(m[1]) : undefined;
      },
      stop: async (signal = 'SIGTERM') => {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
        await exited;
      },
    };
    this.replicas.push(replica);
    for (let i = 0; i < 300; i++) {
      if (proc.exitCode !== null) throw new Error(`router exited with ${proc.exitCode}:\n${output.join('')}`);
      if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return replica;
      await sleep(100);
    }
    throw new Error(`router did not start:\n${output.join('')}`);
  }

  /** Waits until `replica` reports holding the lease. */
  async leader(replica: Replica, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if ((await replica.metric('faultline_alert_router_leader').catch(() => undefined)) === 1) return;
      await sleep(100);
    }
    throw new Error(`replica never became leader:\n${replica.output.join('')}`);
  }

  /** Publishes an activity to issues.activity.<project>. */
  async publishActivity(a: IssueActivity): Promise<void> {
    const js = jetstream(this.nc);
    const h = natsHeaders();
    h.set('Nats-Msg-Id', `${a.groupId}-${a.kind}-${a.eventId}-${uniqueId('m')}`);
    await js.publish(`${this.prefix}.issues.activity.${a.projectId}`, encodeMessage(IssueActivitySchema, a), { headers: h });
  }

  /** Every notification on NOTIFY so far (after stream de-duplication), with subject and headers. */
  async notifications(): Promise<{ subject: string; headers: Record<string, string>; n: ReturnType<typeof decodeMessage<typeof NotificationSchema>> }[]> {
    const jsm = await jetstreamManager(this.nc);
    const stream = `${this.prefix}_NOTIFY`;
    const info = await jsm.streams.info(stream);
    if (info.state.messages === 0) return [];
    const name = uniqueId('read');
    await jsm.consumers.add(stream, { name, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, inactive_threshold: 10e9 });
    const c = await jetstream(this.nc).consumers.get(stream, name);
    const out = [];
    const batch = await c.fetch({ max_messages: info.state.messages, expires: 2000 });
    for await (const m of batch) {
      const headers: Record<string, string> = {};
      for (const k of m.headers?.keys() ?? []) headers[k] = m.headers!.get(k);
      out.push({ subject: m.subject.slice(this.prefix.length + 1), headers, n: decodeMessage(NotificationSchema, m.data) });
      if (m.info.pending === 0) break;
    }
    await jsm.consumers.delete(stream, name).catch(() => undefined);
    return out;
  }

  async teardown(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.stop('SIGKILL')));
    await this.nc?.close();
    await cleanupStreams(testNatsUrl(), this.prefix);
    await this.schema?.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Writes a configuration file atomically (rename), as config management tools do. */
export function writeConfig(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  // rename is atomic: the watcher never sees half a file.
  renameSync(`${path}.tmp`, path);
}

let seq = 0;
/** An activity of `kind` for group `groupId` of project `project`. */
export function activity(kind: IssueActivityKind, groupId: string, over: Partial<Omit<IssueActivity, 'kind' | '$typeName'>> = {}): IssueActivity {
  const isEvent = kind === IssueActivityKind.NEW || kind === IssueActivityKind.REGRESSED || kind === IssueActivityKind.OCCURRED;
  const status = kind === IssueActivityKind.RESOLVED ? GroupStatus.RESOLVED : kind === IssueActivityKind.IGNORED ? GroupStatus.IGNORED : GroupStatus.UNRESOLVED;
  const now = new Date();
  return create(IssueActivitySchema, {
    kind, projectId: '1', groupId, eventId: isEvent ? `ev-${process.pid}-${++seq}` : '', occurredAt: timestampFromDate(now),
    title: `TypeError in ${groupId}`, culprit: 'app.js', level: 'error', status, firstSeen: timestampFromDate(now), lastSeen: timestampFromDate(now),
    timesSeen: 1, usersAffected: 1, release: 'web@1.0.0', environment: 'production', ...over,
  });
}

export { IssueActivityKind as Kind };
