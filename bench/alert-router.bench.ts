// `npm run bench -- alert-router`: issue activity for 10,000 groups through the error alert rules and
// a nested route tree.
//  1. In process: decoding alone (the in-run baseline) vs decoding + rule evaluation + routing into
//     aggregation groups, then one flush of every group through dedup and the webhook payload.
//  2. End to end: the router as its own process on the real NATS and PostgreSQL; activity published
//     to issues.activity, consumed by the `alert-router` durable, notifications published to NOTIFY;
//     the router's own histogram gives the time from a group's timer falling due to the publish.
// Results go to docs/PERFORMANCE.md (section "Alert router").
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { AlertRuleEngine, parseAlertingConfig } from '@faultline/alert-rules';
import {
  type IssueActivity, IssueActivityKind, GroupStatus, IssueActivitySchema, create, decodeMessage, encodeMessage, timestampFromDate,
} from '@faultline/contracts';
import { buildWebhookPayload, dedup } from '@faultline/routing';
import { RoutingState } from '../services/alert-router/src/core/routing-state.js';
import { RouterEnv, sleep } from '../services/alert-router/test/harness.js';
import { machine, writeSection } from './performance-report.js';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 10_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const E2E_MESSAGES = Number(process.env.BENCH_E2E_MESSAGES ?? 30_000);

const CONFIG = (groupWait: string) => `
route:
  receiver: github
  group_by: [project, group_id]
  group_wait: ${groupWait}
  group_interval: 5s
  repeat_interval: 4h
  routes:
    - matchers: [severity="critical"]
      receiver: oncall
      group_by: [alertname, project]
      continue: true
      routes:
        - matchers: [environment="production"]
          receiver: oncall-prod
    - matchers: ['project=~"1|2|3"']
      receiver: team-a
      routes:
        - matchers: ['alertname=~"NewIssue|Regression"']
          receiver: team-a-github
        - matchers: [level="fatal"]
          receiver: team-a-fatal
    - matchers: ['alertname=~"NewIssue|Regression"']
      receiver: github
inhibit_rules:
  - source_matchers: [alertname="ErrorSpike"]
    target_matchers: [alertname="FrequentErrors"]
    equal: [group_id]
receivers:
  - { name: github, github_configs: [{ labels: [faultline] }] }
  - { name: oncall, github_configs: [{ repo: acme/oncall }] }
  - { name: oncall-prod, github_configs: [{ repo: acme/oncall }] }
  - { name: team-a, github_configs: [{ repo: acme/team-a }] }
  - { name: team-a-github, github_configs: [{ repo: acme/team-a }] }
  - { name: team-a-fatal, github_configs: [{ repo: acme/team-a }] }
alert_rules:
  - { name: NewIssue, type: new_issue }
  - { name: Regression, type: regression }
  - { name: FrequentErrors, type: frequency, threshold: 50, window: 5m, severity: critical, filters: { level: [error, fatal] } }
  - { name: ManyUsers, type: users, threshold: 20, window: 5m }
  - { name: ErrorSpike, type: spike, factor: 3, window: 5m, baseline_window: 1h, threshold: 30, severity: critical }
`;

// A deterministic mix: the first message of each group is NEW, then OCCURRED with a skew (a few hot
// groups), 1% regressions, users from a pool of 500, five projects, three environments.
function messages(count: number, groups: number): IssueActivity[] {
  let x = 42;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const seen = new Set<number>();
  const out: IssueActivity[] = [];
  const now = new Date();
  for (let i = 0; i < count; i++) {
    const g = i < groups ? i : Math.floor(groups * rand() ** 3);
    const kind = !seen.has(g) ? IssueActivityKind.NEW : rand() < 0.01 ? IssueActivityKind.REGRESSED : IssueActivityKind.OCCURRED;
    seen.add(g);
    out.push(create(IssueActivitySchema, {
      kind, projectId: String((g % 5) + 1), groupId: `g${g}`, eventId: `e${i}`, occurredAt: timestampFromDate(now),
      title: `TypeError: x is undefined (${g})`, culprit: 'app.js', level: g % 7 === 0 ? 'fatal' : 'error', status: GroupStatus.UNRESOLVED,
      firstSeen: timestampFromDate(now), lastSeen: timestampFromDate(now), timesSeen: 1, usersAffected: 1, release: 'web@1.0.0',
      environment: ['production', 'staging', 'dev'][g % 3]!, userKey: `u${Math.floor(rand() * 500)}`,
    }));
  }
  return out;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---- 1. In process.
const config = parseAlertingConfig(CONFIG('1s'));
const wire = messages(MESSAGES, GROUPS).map((m) => encodeMessage(IssueActivitySchema, m));
const run = (evaluate: boolean) => {
  const engine = new AlertRuleEngine(config.rules);
  const state = new RoutingState(config);
  const now = new Date();
  let alerts = 0;
  const t = performance.now();
  for (const w of wire) {
    const a = decodeMessage(IssueActivitySchema, w);
    if (!evaluate) continue;
    for (const alert of engine.observe(a, now)) {
      alerts++;
      state.add(alert, now);
    }
  }
  return { seconds: (performance.now() - t) / 1000, alerts, state, engine };
};
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const decodeOnly: number[] = [];
const evaluated: number[] = [];
let last: ReturnType<typeof run> | undefined;
for (let r = 0; r < rounds; r++) {
  decodeOnly.push(MESSAGES / run(false).seconds);
  last = run(true);
  evaluated.push(MESSAGES / last.seconds);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const groups = last!.state.dispatcher.allGroups().length;
const inProcessLoad = (await import('node:os')).loadavg()[0]!.toFixed(1);
// One flush of every group at once (their group_wait elapsed): dedup + payload, as the notifier does.
const flushStart = performance.now();
const due = last!.state.dispatcher.flushDue(new Date(Date.now() + 2_000));
let payloads = 0;
for (const { batch } of due) {
  const d = dedup(batch.alerts, undefined, { repeatIntervalMs: batch.route.opts.repeatInterval, sendResolved: true, now: batch.now });
  if (d.reason) {
    buildWebhookPayload({ receiver: batch.route.opts.receiver, groupKey: batch.groupKey, groupLabels: batch.groupLabels, alerts: batch.alerts, externalURL: 'http://router', now: batch.now, notificationReason: d.reason });
    payloads++;
  }
}
const flushMs = performance.now() - flushStart;
console.log(`in process: decode ${fmt(median(decodeOnly))} msg/s; decode+evaluate+route ${fmt(median(evaluated))} msg/s; ${last!.alerts} alerts in ${groups} aggregation groups; flush of all groups ${flushMs.toFixed(0)} ms (${payloads} payloads)`);

// ---- 2. End to end, twice: timers falling due while activity is still being consumed (group_wait
// 1s), and after it (group_wait 15s: the timer-to-notification path without the consumer's load).
spawnSync('npx', ['nx', 'run', '@faultline/alert-router:build', '--outputStyle=static'], { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
const { jetstream } = await import('@nats-io/jetstream');
interface E2E { settings: string; groupWait: string; consumed: number; rate: number; publishS: number; sent: number; within100: number; meanMs: number; count: number; load: string; emit100: number; emitMeanMs: number }
async function endToEnd(groupWait: string, prefetch = '512', concurrency = '64'): Promise<E2E> {
  const env = new RouterEnv();
  await env.setup(CONFIG(groupWait));
  const router = await env.start({ LOG_LEVEL: 'error', CONSUMER_CONCURRENCY: concurrency, CONSUMER_PREFETCH: prefetch, CONSUMER_MAX_ACK_PENDING: '2000' }, [], { built: true });
  await env.leader(router);
  const e2e = messages(E2E_MESSAGES, GROUPS);
  const t0 = performance.now();
  const js = jetstream(env.nc);
  let inflight: Promise<unknown>[] = [];
  for (const m of e2e) {
    inflight.push(js.publish(`${env.prefix}.issues.activity.${m.projectId}`, encodeMessage(IssueActivitySchema, m)));
    if (inflight.length >= 256) {
      await Promise.all(inflight);
      inflight = [];
    }
  }
  await Promise.all(inflight);
  const published = performance.now();
  const activityTotal = async () => {
    const text = await router.metrics();
    return [...text.matchAll(/^faultline_alert_router_activity_total\{result="(?:evaluated|alerted)"\} ([0-9.e+]+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  let consumed = 0;
  for (let i = 0; i < 1200 && consumed < E2E_MESSAGES; i++) {
    await sleep(100);
    consumed = await activityTotal();
  }
  const consumedAt = performance.now();
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
  // Let every group's timer fire and its notification go out.
  await sleep(4_000 + Number.parseInt(groupWait, 10) * 1000);
  const text = await router.metrics();
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const count = num(/^faultline_alert_router_notification_latency_seconds_count\{integration="github"\} ([0-9.e+]+)$/m);
  const sum = num(/^faultline_alert_router_notification_latency_seconds_sum\{integration="github"\} ([0-9.e+]+)$/m);
  const b100 = num(/^faultline_alert_router_notification_latency_seconds_bucket\{le="0.1",integration="github"\} ([0-9.e+]+)$/m);
  const emitCount = num(/^faultline_alert_router_notification_emit_seconds_count\{integration="github"\} ([0-9.e+]+)$/m);
  const emitSum = num(/^faultline_alert_router_notification_emit_seconds_sum\{integration="github"\} ([0-9.e+]+)$/m);
  const emit100 = num(/^faultline_alert_router_notification_emit_seconds_bucket\{le="0.1",integration="github"\} ([0-9.e+]+)$/m) / emitCount;
  const sent = num(/^faultline_alert_router_notifications_total\{integration="github",result="sent"\} ([0-9.e+]+)$/m);
  await env.teardown();
  const r: E2E = { settings: `${prefetch} / ${concurrency}`, groupWait, consumed, rate: consumed / ((consumedAt - t0) / 1000), publishS: (published - t0) / 1000, sent, within100: b100 / count, meanMs: (sum / count) * 1000, count, load, emit100, emitMeanMs: (emitSum / emitCount) * 1000 };
  console.log(`end to end (group_wait ${groupWait}): ${consumed}/${E2E_MESSAGES} consumed at ${fmt(r.rate)} msg/s; ${sent} notifications; ${(r.within100 * 100).toFixed(1)}% within 100 ms of the timer, mean ${r.meanMs.toFixed(1)} ms; load ${load}`);
  return r;
}
const busy = await endToEnd('1s');
const gentle = await endToEnd('1s', '64', '32');
const quiet = await endToEnd('15s');
const row = (r: E2E) => `| ${r.groupWait} | ${r.settings} | ${fmt(r.consumed)} | ${fmt(r.rate)} | ${fmt(r.sent)} | ${(r.emit100 * 100).toFixed(1)}% / ${r.emitMeanMs.toFixed(1)} ms | ${(r.within100 * 100).toFixed(1)}% / ${r.meanMs.toFixed(1)} ms | ${r.load} |`;

const evalRate = median(evaluated);
writeSection('Alert router (`npm run bench -- alert-router`)', `
Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.

Activity for ${fmt(GROUPS)} groups (first message of a group is \`new\`, then skewed \`occurred\` with 1% regressions, 500 users, 5 projects, 3 environments) through five rules (new_issue, regression, frequency, users, spike) and a nested route tree (6 receivers, \`continue\`, regex matchers, an inhibit rule).

**In process** (${fmt(MESSAGES)} messages, median of ${rounds} rounds, load average ${inProcessLoad}): canonical-JSON decoding alone (the in-run baseline) ${fmt(median(decodeOnly))} msg/s; decoding + rule evaluation + routing into aggregation groups **${fmt(evalRate)} msg/s** (${fmt(last!.alerts)} alerts, ${fmt(groups)} aggregation groups). One flush of all ${fmt(groups)} groups through dedup and the webhook v4 payload: ${flushMs.toFixed(0)} ms.

**End to end** (router process built with tsc, \`node services/alert-router/dist/main.js\`; ${fmt(E2E_MESSAGES)} messages published to \`issues.activity\` as fast as PubAcks allow, consumed by the \`alert-router\` durable; alerts written to PostgreSQL before each ack; notifications published to NOTIFY and logged in PostgreSQL). "Emitted" is the router's histogram from a group's timer falling due to the notification being handed to the NATS connection; "acknowledged" runs until JetStream's PubAck (stored). With group_wait 1s the ${fmt(GROUPS)} groups fall due while activity is still being consumed; with 15s they fall due after it.

| group_wait | CONSUMER_PREFETCH / CONSUMER_CONCURRENCY | consumed | consumed msg/s | notifications | emitted within 100 ms of the timer / mean | acknowledged (PubAck) within 100 ms / mean | load average (1 min) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row(busy)}
${row(gentle)}
${row(quiet)}

End to end, the consume rate is far below in-process evaluation: each message also crosses NATS, the JetStream transport (the Transport section measured 5,374 msg/s consuming a backlog with a trivial handler, in its own run), and alert writes to PostgreSQL, on the same two cores as NATS, PostgreSQL and the benchmark's publisher. While the consumer runs flat out (first two rows, with a large and a small prefetch), the router's one event loop is shared between consuming and the group timers: the JetStream transport's pull loop gives the event loop a turn every 5 ms (\`YIELD_AFTER_MS\` in libs/platform/messaging), so the timers still fire within milliseconds. Before that change a pulled batch was handled in one macrotask and only 75–79 % of the notifications left within 100 ms (mean 100–190 ms; 2026-11-27). Once ingestion stops, notifications leave within milliseconds of their timers (third row).

Target ≥ 20,000 activity messages/s evaluated: **${evalRate >= 20_000 ? 'met' : 'NOT met'}** in process (${fmt(evalRate)} msg/s: decoding, rule evaluation and routing, which is what the target counts). Consuming from NATS end to end, the router took ${fmt(busy.rate)} msg/s: that is the JetStream transport's per-message cost (pull, ack) with NATS and PostgreSQL on the same 2 cores, not evaluation.
Target notification emitted within 100 ms of a group's timer: ${quiet.emit100 >= 0.99 ? '**met**' : '**NOT met**'} when the timers fire after ingestion (${(quiet.emit100 * 100).toFixed(1)}%); while ingesting at full speed ${busy.emit100 >= 0.99 ? '**met**' : '**NOT met**'} with prefetch 512 (${(busy.emit100 * 100).toFixed(1)}%) and ${gentle.emit100 >= 0.99 ? '**met**' : '**NOT met**'} with prefetch 64 (${(gentle.emit100 * 100).toFixed(1)}%). Counting until the PubAck (the notification stored in NOTIFY): ${(quiet.within100 * 100).toFixed(1)}% after ingestion, ${(busy.within100 * 100).toFixed(1)}% and ${(gentle.within100 * 100).toFixed(1)}% during it — the PubAck wait is NATS's own storage round trip on the same 2 cores.

Reproduce: \`npm run bench -- alert-router\` (\`BENCH_GROUPS\`, \`BENCH_MESSAGES\`, \`BENCH_E2E_MESSAGES\`, \`BENCH_ROUNDS\`).
`);
process.exit(0);
