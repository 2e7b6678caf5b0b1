// `npm run bench -- e2e`: the whole pipeline under a steady load. All five services run built, as
// their own processes (test/e2e/support/stack.ts), on this machine's NATS and PostgreSQL, with an
// s3rver and the fake GitHub; an open-loop generator (bench/support/paced-load.ts) posts 6 KB envelopes evenly at BENCH_RATE events/s for
// BENCH_SECONDS, over BENCH_FINGERPRINTS bugs whose 25 frames point into a real minified bundle
// whose source map was uploaded with `faultline sourcemaps upload` (warm after the first event).
// The alerting config pages GitHub only for `fatal` bugs (BENCH_TRACKED_BUGS of them) and sends
// the other new issues to a receiver without integrations, as a team paging on fatal errors
// would: GitHub allows 80 issues a minute, so 2,000 fresh issues could not be created in a run. Measured: sustained events/s from HTTP to a persisted event (after the queues
// drained), ingest latency, HTTP accept → issues.activity, first error → GitHub issue, RSS per
// service, consumer lag over time (plotted into docs/perf/e2e.png).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { FakeGitHub } from '@faultline/fake-github';
import { Namespace } from '@faultline/platform-messaging';
import { testNatsUrl } from '@faultline/platform-testing';
import { bugEnvelope } from '../test/e2e/support/load.js';
import { startStack, type ServiceName } from '../test/e2e/support/stack.js';
import { machine, writeSection } from './performance-report.js';
import { writeLineChart } from './support/png-chart.js';
import { pacedLoad } from './support/paced-load.js';
import { cpuSeconds, pids, rssMb } from './support/proc.js';
import { buildVendorBundle, mappedPositions } from './support/vendor-bundle.js';

const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 180);
/** Distinct bugs in the load: each becomes one group. */
const FINGERPRINTS = Number(process.env.BENCH_FINGERPRINTS ?? 2_000);
/** Bugs 0 … N-1 are `fatal` and routed to GitHub: each becomes one GitHub issue. */
const TRACKED = Math.min(FINGERPRINTS, Number(process.env.BENCH_TRACKED_BUGS ?? 20));
const SCRIPT_URL = 'https://shop.example.com/static/js/vendor.min.js';
const ALERTING = `route:
  receiver: quiet
  group_by: [project, group_id]
  group_wait: 2s
  group_interval: 10s
  repeat_interval: 24h
  routes:
    - receiver: github
      matchers: [level="fatal"]
receivers:
  - name: quiet
  - name: github
    github_configs:
      - labels: [faultline]
alert_rules:
  - name: NewIssue
    type: new_issue
  - name: Regression
    type: regression
`;
const DRAIN_TIMEOUT_MS = 180_000;
const CONSUMERS: { stream: string; durable: string }[] = [
  { stream: 'EVENTS', durable: 'enrichment' },
  { stream: 'EVENTS', durable: 'clustering' },
  { stream: 'ISSUES', durable: 'alert-router' },
  { stream: 'NOTIFY', durable: 'github-issues' },
];

const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0');

/** CPU seconds per component: our services, NATS, PostgreSQL (every backend alive now), s3rver, this process (load, fake GitHub). */
function cpuSnapshot(): Map<string, Map<number, number>> {
  const snapshot = new Map<string, Map<number, number>>();
  for (const [name, service] of stack.services) snapshot.set(name, new Map([[service.pid ?? -1, cpuSeconds(service.pid)]]));
  snapshot.set('nats-server', new Map(pids('nats-server').map((pid) => [pid, cpuSeconds(pid)])));
  snapshot.set('postgres', new Map(pids('postgres').map((pid) => [pid, cpuSeconds(pid)])));
  snapshot.set('s3rver', new Map([[stack.s3.pid ?? -1, cpuSeconds(stack.s3.pid)]]));
  snapshot.set('benchmark (load generator, fake GitHub, samplers)', new Map([[process.pid, cpuSeconds(process.pid)]]));
  return snapshot;
}
function cpuUsed(before: Map<string, Map<number, number>>, after: Map<string, Map<number, number>>): Map<string, number> {
  const used = new Map<string, number>();
  for (const [name, now] of after) {
    let sum = 0;
    for (const [pid, seconds] of now) sum += seconds - (before.get(name)?.get(pid) ?? 0);
    used.set(name, sum);
  }
  return used;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });

const github = new FakeGitHub({ tokens: ['ghp_bench'] });
await github.start();
const scratch = mkdtempSync(join(tmpdir(), 'faultline-bench-e2e-'));
writeFileSync(join(scratch, 'alerting.yaml'), ALERTING);
const bundle = await buildVendorBundle('vendor.min.js');
mkdirSync(join(scratch, 'build'));
writeFileSync(join(scratch, 'build', 'vendor.min.js'), bundle.code);
writeFileSync(join(scratch, 'build', 'vendor.min.js.map'), bundle.map);
const positions = mappedPositions(bundle.map, 5_000);
// BENCH_PROFILE=clustering,enrichment writes V8 CPU profiles of those services into .faultline/profiles/.
const profiled = (process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean) as ServiceName[];
const stack = await startStack({
  env: { GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_bench', LOG_LEVEL: 'error', ALERTING_CONFIG: join(scratch, 'alerting.yaml') },
  nodeArgs: Object.fromEntries(profiled.map((name) => [name, ['--cpu-prof', `--cpu-prof-dir=.faultline/profiles/${name}`]])),
});
const dsn = new URL(stack.cli(['project', 'create', 'bench', '--github-repo', 'acme/bench']).trim().split('\n').at(-1)!);
const projectId = dsn.pathname.slice(1);
// The release's minified bundle and map, uploaded as a user would (`faultline sourcemaps upload`).
stack.env.FAULTLINE_ENRICHMENT_URL = stack.service('enrichment').url;
const token = stack.cli(['token', 'create', '--name', 'bench uploads', '--scope', 'project:releases']).trim().split('\n').at(-1)!;
stack.cli(['sourcemaps', 'upload', '--project', 'bench', '--release', 'shop@1.0.0', '--url-prefix', '~/static/js', '--token', token, join(scratch, 'build')]);
const path = `/api/${projectId}/envelope/?sentry_key=${dsn.username}&sentry_version=7`;
const ns = new Namespace(stack.prefix);

const nc = await connect({ servers: testNatsUrl() });
const jsm = await jetstreamManager(nc);
const db = new pg.Client({ connectionString: stack.schema.url });
await db.connect();

const accepted = new Map<string, number>(); // event id → accept time
const activity = new Map<string, number>(); // event id → first activity time
const firstSent = new Map<number, number>(); // bug → first send time
// Where the time to a GitHub issue goes, per tracked bug: its group's `new` activity, then the
// first notification naming that group on NOTIFY, then the issue.
const bugOfTitle = (title: string | undefined) => Number(/Bug(\d+)Error/.exec(title ?? '')?.[1]);
const newActivity = new Map<number, number>(); // bug → time its `new` activity was seen
const groupBug = new Map<string, number>(); // group id → bug
const firstNotify = new Map<number, number>(); // bug → time of the first notification for it
const sub = nc.subscribe(ns.subject('issues.activity.>'), {
  callback: (_err, msg) => {
    const a = msg.json() as { event_id?: string; kind?: string; group_id?: string; title?: string };
    const now = Date.now();
    if (a.event_id && !activity.has(a.event_id)) activity.set(a.event_id, now);
    if (a.kind === 'ISSUE_ACTIVITY_KIND_NEW') {
      const bug = bugOfTitle(a.title);
      if (bug < TRACKED && !newActivity.has(bug)) {
        newActivity.set(bug, now);
        if (a.group_id) groupBug.set(a.group_id, bug);
      }
    }
  },
});
const notifySub = nc.subscribe(ns.subject('notify.>'), {
  callback: (_err, msg) => {
    const now = Date.now();
    for (const alert of (msg.json() as { alerts?: { labels?: Record<string, string> }[] }).alerts ?? []) {
      const bug = groupBug.get(alert.labels?.group_id ?? '');
      if (bug !== undefined && !firstNotify.has(bug)) firstNotify.set(bug, now);
    }
  },
});

interface Sample { t: number; accepted: number; persisted: number; lag: number; rss: Record<string, number> }
const samples: Sample[] = [];
const started = Date.now();
const cpuAtStart = cpuSnapshot();
let persistedCount = 0;
const sampler = setInterval(async () => {
  let lag = 0;
  for (const c of CONSUMERS) {
    try {
      const info = await jsm.consumers.info(ns.stream(c.stream), c.durable);
      lag += info.num_pending + info.num_ack_pending;
    } catch {
      // consumer not created yet
    }
  }
  // Events counted into their groups (the same transaction as their rows): a sum over the 2,000
  // groups instead of counting a growing events table every second, which cost PostgreSQL more
  // CPU than the pipeline's own statements. The events rows are counted once, after the drain.
  persistedCount = Number((await db.query('SELECT coalesce(sum(times_seen), 0) AS n FROM groups')).rows[0].n);
  const rss = Object.fromEntries([...stack.services].map(([name, service]) => [name, rssMb(service.pid)]));
  samples.push({ t: (Date.now() - started) / 1000, accepted: accepted.size, persisted: persistedCount, lag, rss });
}, 1_000);

// The issue's "6 KB events": as many breadcrumbs as make a typical envelope at least 6 KiB.
let BREADCRUMBS = 20;
while (Buffer.byteLength(bugEnvelope(hex(1), 1_000, { frames: 25, breadcrumbs: BREADCRUMBS, positions, scriptUrl: SCRIPT_URL })) < 6 * 1024) BREADCRUMBS++;
const shapeOf = (bug: number) => ({ frames: 25, breadcrumbs: BREADCRUMBS, positions, scriptUrl: SCRIPT_URL, level: bug < TRACKED ? 'fatal' : 'error' });
// New fatal bugs appear one after another during the run (bug k from APPEAR_FIRST_MS + k × step on),
// as new bugs do in production: 20 bugs born in the same second would measure GitHub's pacing of
// content creation (one request per 758 ms per installation), not the pipeline.
const APPEAR_FIRST_MS = 2_000;
const appearStepMs = Math.max(0, (SECONDS * 1000 - 10_000 - APPEAR_FIRST_MS) / Math.max(1, TRACKED));
let loadStarted = 0;
let nextTracked = 0;
const ids: string[] = [];
const load = await pacedLoad({
  origin: stack.service('ingest').url,
  path,
  rate: RATE,
  durationMs: SECONDS * 1000,
  connections: 64,
  body: (seq) => {
    if (seq === 0) loadStarted = Date.now();
    const since = Date.now() - loadStarted;
    let bug = seq % FINGERPRINTS;
    if (bug < TRACKED && since < APPEAR_FIRST_MS + bug * appearStepMs) bug = TRACKED + (seq % (FINGERPRINTS - TRACKED || 1));
    // A fatal bug whose time has come is sent now, not when the cycle over all bugs reaches it
    // (every FINGERPRINTS / BENCH_RATE s): at low rates the bugs would otherwise first occur in clumps.
    while (nextTracked < TRACKED && firstSent.has(nextTracked)) nextTracked++;
    if (nextTracked < TRACKED && since >= APPEAR_FIRST_MS + nextTracked * appearStepMs) bug = nextTracked++;
    const id = hex(seq + 1);
    if (!firstSent.has(bug)) firstSent.set(bug, Date.now());
    ids[seq] = id;
    return bugEnvelope(id, bug, shapeOf(bug));
  },
  onResponse: (seq, status) => {
    if (status === 200) accepted.set(ids[seq]!, Date.now());
    delete ids[seq];
  },
});
const loadEnded = Date.now();

// Drained: every accepted event is persisted, and every bug has its GitHub issue.
const deadline = Date.now() + DRAIN_TIMEOUT_MS;
while (Date.now() < deadline && (persistedCount < accepted.size || github.listIssues('acme', 'bench').length < TRACKED)) {
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const drainedAt = Date.now();
const cpu = cpuUsed(cpuAtStart, cpuSnapshot());
const cpuTotal = [...cpu.values()].reduce((a, b) => a + b, 0);
clearInterval(sampler);
await new Promise((resolve) => setTimeout(resolve, 1_100));
sub.unsubscribe();
notifySub.unsubscribe();

const issues = github.listIssues('acme', 'bench');
const toIssue = issues.flatMap((issue) => {
  const bug = bugOfTitle(issue.title);
  const sent = firstSent.get(bug);
  return sent === undefined ? [] : [issue.createdAt.getTime() - sent];
});
// The three legs, over the bugs for which each end was seen.
const leg = (from: Map<number, number>, to: (bug: number) => number | undefined) =>
  [...from].flatMap(([bug, at]) => {
    const end = to(bug);
    return end === undefined ? [] : [end - at];
  });
const issueCreated = new Map(issues.map((issue) => [bugOfTitle(issue.title), issue.createdAt.getTime()]));
const toNew = leg(firstSent, (bug) => (bug < TRACKED ? newActivity.get(bug) : undefined));
const newToNotify = leg(newActivity, (bug) => firstNotify.get(bug));
const notifyToIssue = leg(firstNotify, (bug) => issueCreated.get(bug));
const toActivity = [...accepted].flatMap(([id, at]) => (activity.has(id) ? [activity.get(id)! - at] : []));
const services = [...stack.services.keys()] as ServiceName[];
const peak = Object.fromEntries(services.map((name) => [name, Math.max(0, ...samples.map((s) => s.rss[name] ?? 0))]));
const peakTotal = Math.max(0, ...samples.map((s) => services.reduce((sum, name) => sum + (s.rss[name] ?? 0), 0)));
const maxLag = Math.max(0, ...samples.map((s) => s.lag));
const lagAtEnd = samples.filter((s) => s.t * 1000 <= loadEnded - started).at(-1)?.lag ?? Number.NaN;
const storedRows = Number((await db.query('SELECT count(*) AS n FROM events')).rows[0].n);
const drained = persistedCount >= accepted.size && storedRows === persistedCount;
// Not drained within DRAIN_TIMEOUT_MS: the rate is what was persisted, not what was accepted.
const sustained = (drained ? accepted.size : persistedCount) / ((drainedAt - started) / 1000);

mkdirSync(new URL('../docs/perf/', import.meta.url), { recursive: true });
const perSecond = (key: 'accepted' | 'persisted') => samples.map((s, i) => [s.t, i === 0 ? s[key] : s[key] - samples[i - 1]![key]] as [number, number]);
const axes = writeLineChart(
  new URL('../docs/perf/e2e.png', import.meta.url).pathname,
  [
    { color: [31, 119, 180], points: perSecond('accepted') },
    { color: [44, 160, 44], points: perSecond('persisted') },
    { color: [255, 127, 14], points: samples.map((s) => [s.t, s.lag] as [number, number]), right: true },
  ],
  { xStep: 10 },
);

await db.end();
await nc.drain();
await stack.stop();
await github.stop();
rmSync(scratch, { recursive: true, force: true });

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const body = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.

All five services built and run as separate processes (one replica each), with NATS, PostgreSQL, s3rver, the fake GitHub and the load generator (in the benchmark process) on the same 2 cores. Load: ${fmt(RATE)} events/s offered for ${SECONDS} s, evenly spaced (an open-loop generator, \`bench/support/paced-load.ts\`, up to 64 connections: request *i* is sent at *start + i / rate*, whatever became of the ones before it), envelopes of ${fmt(Buffer.byteLength(bugEnvelope(hex(1), 1, shapeOf(1))) / 1024, 1)} KB (25 frames, ${BREADCRUMBS} breadcrumbs) of ${fmt(FINGERPRINTS)} distinct bugs, every frame a real position in a minified bundle (${fmt(bundle.code.length / 1e3)} kB) whose ${fmt(bundle.map.length / 1e6, 1)} MB source map was uploaded with \`faultline sourcemaps upload\` before the load (so maps are warm after the first event). ${TRACKED} of the bugs are \`fatal\` and first occur one after another, every ${fmt(appearStepMs / 1000, 1)} s from ${APPEAR_FIRST_MS / 1000} s on (new bugs appear during the load); the alerting config routes them to GitHub and every other new issue to a receiver without integrations (GitHub allows 80 new issues a minute).

| measure | value | target |
| --- | ---: | --- |
| events accepted (HTTP 200) | ${fmt(accepted.size)} (${fmt(load.non2xx)} non-2xx, ${fmt(load.errors)} unanswered) | |
| all accepted events persisted | ${drained ? 'yes' : `NO (${fmt(storedRows)} event rows, ${fmt(persistedCount)} counted into groups)`} after ${fmt((drainedAt - loadEnded) / 1000, 1)} s of drain | |
| sustained events/s, HTTP → persisted (after the queues drained) | ${fmt(sustained)} | ≥ 1,000 — **${verdict(sustained >= 1_000 && drained)}** |
| ingest latency p50 / p99 (from when each request was due) | ${fmt(load.p50, 1)} / ${fmt(load.p99, 1)} ms | |
| HTTP accept → issues.activity p50 / p99 | ${fmt(percentile(toActivity, 50))} / ${fmt(percentile(toActivity, 99))} ms | |
| first error → GitHub issue p50 / p99 (${issues.length} issues, the fatal bugs, each first sent during the load) | ${fmt(percentile(toIssue, 50))} / ${fmt(percentile(toIssue, 99))} ms | < 3,000 / < 10,000 — **${verdict(percentile(toIssue, 50) < 3_000 && percentile(toIssue, 99) < 10_000)}** |
| … of which first error → its group's \`new\` activity, p50 / max | ${fmt(percentile(toNew, 50))} / ${fmt(Math.max(...toNew))} ms | |
| … \`new\` activity → first notification on NOTIFY (includes the route's \`group_wait\`, 2 s here), p50 / max | ${fmt(percentile(newToNotify, 50))} / ${fmt(Math.max(...newToNotify))} ms | |
| … notification → GitHub issue created, p50 / max | ${fmt(percentile(notifyToIssue, 50))} / ${fmt(Math.max(...notifyToIssue))} ms | |
| consumer lag (pending + unacked, all four consumers): max / when the load stopped | ${fmt(maxLag)} / ${fmt(lagAtEnd)} | bounded |
| peak RSS, whole stack | ${fmt(peakTotal)} MB | < 1,500 MB — **${verdict(peakTotal < 1_500)}** |
${services.map((name) => `| peak RSS ${name} | ${fmt(peak[name]!)} MB | |`).join('\n')}

CPU used from the start of the load until the queues drained (${fmt((drainedAt - started) / 1000, 1)} s, so at most ${fmt((2 * (drainedAt - started)) / 1000, 0)} CPU-seconds on 2 cores), per accepted event:

| process | CPU-seconds | share | µs per event |
| --- | ---: | ---: | ---: |
${[...cpu].map(([name, seconds]) => `| ${name} | ${fmt(seconds, 1)} | ${fmt((100 * seconds) / cpuTotal)} % | ${fmt((seconds * 1e6) / Math.max(1, accepted.size))} |`).join('\n')}
| total | ${fmt(cpuTotal, 1)} | 100 % | ${fmt((cpuTotal * 1e6) / Math.max(1, accepted.size))} |

At ${fmt((cpuTotal * 1e6) / Math.max(1, accepted.size))} µs of CPU per event over all processes, two cores carry at most ${fmt(2 / (cpuTotal / Math.max(1, accepted.size)))} events/s end to end on this machine, whatever the scheduling; ${fmt(1_000)} events/s needs ≤ 2,000 µs.

![events/s and lag over time](perf/e2e.png)

Blue: events accepted per second; green: events persisted per second (left axis, 0–${fmt(axes.leftMax)}); orange: total consumer lag (right axis, 0–${fmt(axes.rightMax)} messages); x: 0–${fmt(axes.xMax)} s, grid every 10 s.

Reproduce: \`npm run bench -- e2e\` (\`BENCH_RATE\`, \`BENCH_SECONDS\`, \`BENCH_FINGERPRINTS\`, \`BENCH_TRACKED_BUGS\`, \`BENCH_PROFILE\`).`;
writeSection('End to end (`npm run bench -- e2e`)', body);
console.log(body);
process.exit(0);
