// Chaos under load: 500 events/s for 60 s into the whole pipeline while each service in turn is
// killed with -9 and restarted, the NATS server is restarted, and PostgreSQL is cut off for 10 s.
// Afterwards every event answered 200 is stored exactly once, events answered 503 during the
// outages were sent again and stored too, no GitHub issue is duplicated and the DLQ is empty.
//
// NATS is a private nats-server (restarting the machine's would break the test files running
// beside this one) and PostgreSQL is reached through a TCP proxy whose outage drops every
// connection and refuses new ones for 10 s, as a stopped server would.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { FakeGitHub } from '@faultline/fake-github';
import { freePort, waitFor } from '@faultline/platform-testing';
import { runLoad, type LoadResult } from './support/load.js';
import { NATS_SERVER, NatsProcess } from './support/nats-process.js';
import { SERVICES, startStack, type Stack } from './support/stack.js';
import { TcpProxy } from './support/tcp-proxy.js';

const RATE = Number(process.env.CHAOS_RATE ?? 500);
const DURATION_MS = Number(process.env.CHAOS_SECONDS ?? 60) * 1_000;
const BUGS = 10;

describe.skipIf(!existsSync(NATS_SERVER))('chaos: kill -9 every service, restart NATS, cut PostgreSQL — under load', () => {
  let stack: Stack;
  let github: FakeGitHub;
  let nats: NatsProcess;
  let proxy: TcpProxy;
  let natsDir: string;
  let path: string;

  beforeAll(async () => {
    natsDir = await mkdtemp(join(tmpdir(), 'faultline-chaos-nats-'));
    nats = new NatsProcess(await freePort(), natsDir);
    await nats.start();
    proxy = new TcpProxy({ host: '127.0.0.1', port: 5432 });
    await proxy.start();
    github = new FakeGitHub({ tokens: ['ghp_chaos'] });
    await github.start();
    stack = await startStack({
      natsUrl: nats.url,
      databaseAddress: `127.0.0.1:${proxy.port}`,
      supervise: true,
      env: { GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_chaos' },
      serviceEnv: process.env.CHAOS_DEBUG ? { clustering: { LOG_LEVEL: 'debug' } } : {},
    });
    const dsn = new URL(stack.cli(['project', 'create', 'chaos', '--github-repo', 'acme/chaos']).trim().split('\n').at(-1)!);
    path = `/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}&sentry_version=7`;
    // Ingest learns new projects on its next key-cache refresh (INGEST_KEY_CACHE_REFRESH, 2 s).
    await waitFor(async () => (await fetch(`${stack.service('ingest').url}${path}`, { method: 'POST', body: '{}\n' })).status !== 404, {
      timeoutMs: 15_000,
      intervalMs: 200,
      description: 'ingest knows the new project',
    });
  }, 240_000);

  afterAll(async () => {
    if (stack) {
      for (const service of stack.services.values()) {
        if (service.longestLine > 10_000) console.warn(`${service.name} wrote a log line of ${service.longestLine} characters`);
        if (service.exits.some((exit) => exit !== 'SIGKILL' && exit !== 'SIGTERM' && exit !== '0')) console.error(`${service.name} exited (${service.exits.join(', ')}):\n${service.logs()}`);
      }
      await stack.stop();
    }
    await github?.stop();
    await proxy?.stop();
    await nats?.stop();
    if (natsDir) await rm(natsDir, { recursive: true, force: true });
  }, 120_000);

  it(`${RATE} events/s for ${DURATION_MS / 1_000} s: every acknowledged event stored once, no duplicate issue, empty DLQ`, async () => {
    const progress = { sent: 0, inFlight: 0, attempts: 0 };
    const memory = process.env.CHAOS_DEBUG
      ? setInterval(() => console.error(`[chaos] heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB, ${readdirSync('/proc/self/fd').length} open files, load ${JSON.stringify(progress)}`), 2_000)
      : undefined;
    const abort = new AbortController();
    onTestFinished(() => abort.abort());
    const load = runLoad({ url: stack.service('ingest').url, path, ratePerSecond: RATE, durationMs: DURATION_MS, bugs: BUGS, signal: abort.signal, progress });
    const at = (fraction: number) => new Promise((resolve) => setTimeout(resolve, DURATION_MS * fraction));
    // Each service killed with -9 in turn; the harness restarts it as Kubernetes would.
    const chaos = Promise.all(
      SERVICES.map(async (name, i) => {
        await at(0.06 + i * 0.11);
        if (process.env.CHAOS_DEBUG) console.error(`[chaos] ${new Date().toISOString()} kill -9 ${name}`);
        await stack.service(name).crash();
      }),
    );
    const outages = (async () => {
      await at(0.65);
      if (process.env.CHAOS_DEBUG) console.error(`[chaos] ${new Date().toISOString()} restart NATS`);
      await nats.restart();
      await at(0.1);
      if (process.env.CHAOS_DEBUG) console.error(`[chaos] ${new Date().toISOString()} PostgreSQL outage`);
      await proxy.outage(10_000);
    })();
    await Promise.all([chaos, outages]);
    const result: LoadResult = await load;
    for (const name of SERVICES) await stack.service(name).ready();
    clearInterval(memory);

    expect(result.lost.size, `events never accepted; answers: ${JSON.stringify([...result.answers])}; first bodies: ${JSON.stringify([...result.firstBodies])}`).toBe(0);
    expect(result.acknowledged.size).toBe(result.sent);
    // The outages were seen by the client: some events were answered 503 or not at all, then retried.
    expect((result.answers.get('503') ?? 0) + (result.answers.get('error') ?? 0)).toBeGreaterThan(0);

    const db = new pg.Client({ connectionString: stack.schema.url });
    await db.connect();
    try {
      const stored = async () => new Set((await db.query<{ event_id: string }>('SELECT event_id FROM events')).rows.map((row) => row.event_id));
      await waitFor(async () => (await stored()).size >= result.acknowledged.size, { timeoutMs: 180_000, intervalMs: 1_000, description: 'every acknowledged event stored' });
      const ids = await stored();
      const missing = [...result.acknowledged].filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
      // Exactly once: no event row twice (the key forbids it) and no count incremented twice.
      const { rows } = await db.query<{ events: string; seen: string; groups: string }>(
        'SELECT (SELECT count(*) FROM events) AS events, (SELECT sum(times_seen) FROM groups) AS seen, (SELECT count(*) FROM groups) AS groups',
      );
      expect(Number(rows[0]!.events)).toBe(result.acknowledged.size);
      expect(Number(rows[0]!.seen)).toBe(result.acknowledged.size);
      expect(Number(rows[0]!.groups)).toBe(BUGS);
    } finally {
      await db.end();
    }

    // One GitHub issue per group, never two.
    await waitFor(() => github.listIssues('acme', 'chaos').length >= BUGS, { timeoutMs: 120_000, intervalMs: 500, description: `${BUGS} GitHub issues` });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const titles = github.listIssues('acme', 'chaos').map((issue) => issue.title);
    expect(titles).toHaveLength(BUGS);
    expect(new Set(titles).size).toBe(BUGS);
    expect(github.validationProblems).toEqual([]);

    // Nothing dead-lettered.
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const dlq = await jsm.streams.info(`${stack.prefix}_DLQ`);
      expect(dlq.state.messages).toBe(0);
    } finally {
      await nc.close();
    }
  }, 600_000);
});
