// Differential test against a real Alertmanager (Debian's prometheus-alertmanager 0.25): the same
// alerts are posted to it and fed to our Dispatcher + dedup + payload builder; the webhooks it sends
// must equal ours — receivers, group keys, statuses, fingerprints, alert order, common labels — with
// timestamps left out and per-group order compared (the groups' timers run independently).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationSchema, encodeMessage } from '@faultline/contracts';
import { parseConfig } from '../src/config/parse-config.js';
import { type Alert } from '../src/dispatch/alert.js';
import { Dispatcher } from '../src/dispatch/dispatcher.js';
import { buildRouteTree } from '../src/dispatch/route.js';
import { dedup, logEntry, type NotificationLogEntry } from '../src/notify/dedup.js';
import { buildWebhookPayload } from '../src/notify/webhook-payload.js';

const HAS_AM = spawnSync('prometheus-alertmanager', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAS_AM) console.warn('prometheus-alertmanager not found: skipping the webhook differential test (apt-get install prometheus-alertmanager)');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const config = (hook: string) => `
route:
  receiver: default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
  routes:
    - matchers: [severity="page"]
      receiver: pager
      continue: true
    - matchers: ['alertname=~"X|Y"']
      receiver: team
receivers:
  - { name: default, webhook_configs: [{ url: "${hook}/default" }] }
  - { name: pager, webhook_configs: [{ url: "${hook}/pager" }] }
  - { name: team, webhook_configs: [{ url: "${hook}/team" }] }
`;

interface Comparable { receiver: string; groupKey: string; status: string; groupLabels: unknown; commonLabels: unknown;
  commonAnnotations: unknown; truncatedAlerts: number; version: string; externalURL: string;
  alerts: { status: string; labels: unknown; annotations: unknown; fingerprint: string; generatorURL: string }[] }

// Both sides reduced to the fields that must agree (timestamps and v0.32+ fields left out).
function comparable(p: Record<string, unknown>): Comparable {
  const alerts = (p['alerts'] as Record<string, unknown>[]).map((a) => ({
    status: a['status'] as string, labels: a['labels'] ?? {}, annotations: a['annotations'] ?? {},
    fingerprint: a['fingerprint'] as string, generatorURL: (a['generatorURL'] as string) ?? '',
  }));
  return {
    receiver: p['receiver'] as string, groupKey: p['groupKey'] as string, status: p['status'] as string,
    groupLabels: p['groupLabels'] ?? {}, commonLabels: p['commonLabels'] ?? {}, commonAnnotations: p['commonAnnotations'] ?? {},
    truncatedAlerts: (p['truncatedAlerts'] as number) ?? 0, version: p['version'] as string, externalURL: p['externalURL'] as string, alerts,
  };
}

const byGroup = (list: Comparable[]) => {
  const out: Record<string, Comparable[]> = {};
  for (const n of list) (out[`${n.receiver} ${n.groupKey}`] ??= []).push(n);
  return out;
};

describe.skipIf(!HAS_AM)('webhooks equal a real Alertmanager (needs prometheus-alertmanager)', () => {
  let am: ChildProcess | undefined;
  let dir = '';
  const received: Comparable[] = [];
  const server = createServer((req, res) => {
    let body = '';
    // Alertmanager may be stopped mid-request at the end of the test; a reset is not a failure.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(comparable(JSON.parse(body) as Record<string, unknown>));
      res.end();
    });
  });

  afterAll(async () => {
    if (am && am.exitCode === null) {
      const exited = new Promise((r) => am!.once('exit', r));
      am.kill('SIGTERM');
      await exited;
    }
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends the same notifications for a firing-then-partially-resolved sequence', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const port = await freePort();
    const amURL = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'routing-am-'));
    writeFileSync(join(dir, 'am.yml'), config(hook));
    am = spawn('prometheus-alertmanager', [
      `--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'data')}`, '--cluster.listen-address=',
      `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${amURL}`, '--log.level=warn',
    ], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${amURL}/-/ready`).then((r) => r.ok, () => false)) break;
      await sleep(100);
    }

    const startsAt = new Date(Date.now() - 100);
    const seeds: { labels: Record<string, string>; annotations: Record<string, string> }[] = [
      { labels: { alertname: 'X', severity: 'page', instance: 'i2' }, annotations: { summary: 'x down' } },
      { labels: { alertname: 'X', instance: 'i1' }, annotations: { summary: 'x down' } },
      { labels: { alertname: 'X', job: 'j' }, annotations: { summary: 'x slow' } },
      { labels: { alertname: 'Z', team: 'none' }, annotations: {} },
    ];
    const alerts: Alert[] = seeds.map((a) => ({ ...a, startsAt, updatedAt: startsAt, generatorURL: 'http://faultline.test/g' }));
    const post = (list: Alert[]) =>
      fetch(`${amURL}/api/v2/alerts`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify(list.map((a) => ({ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt.toISOString(),
          ...(a.endsAt ? { endsAt: a.endsAt.toISOString() } : {}), generatorURL: a.generatorURL }))),
      });
    expect((await post(alerts)).status).toBe(200);
    // Resolve the second alert after the first flush (1s) but before the next tick (3s).
    await sleep(1800);
    const resolvedAt = new Date();
    const resolution = { ...alerts[1]!, endsAt: resolvedAt, updatedAt: resolvedAt };
    expect((await post([resolution])).status).toBe(200);
    for (let i = 0; i < 60 && received.length < 4; i++) await sleep(100);
    await sleep(2500); // nothing more may arrive: unchanged groups are not re-sent before repeat_interval

    // Our side, on a simulated clock with the same timers.
    const cfg = parseConfig(config(hook));
    const d = new Dispatcher(buildRouteTree(cfg.route));
    const log = new Map<string, NotificationLogEntry>();
    const ours: Comparable[] = [];
    const t0 = startsAt.getTime();
    for (let t = t0; t <= t0 + 8000; t += 100) {
      if (t === t0) for (const a of alerts) d.add(a, new Date(t));
      if (t === t0 + 1800) d.add({ ...resolution, endsAt: new Date(t), updatedAt: new Date(t) }, new Date(t));
      for (const { group, batch } of d.flushDue(new Date(t))) {
        const receiver = batch.route.opts.receiver;
        const decision = dedup(batch.alerts, log.get(`${receiver}/${batch.groupKey}`), { repeatIntervalMs: batch.route.opts.repeatInterval, sendResolved: true, now: batch.now });
        if (decision.reason) {
          const payload = buildWebhookPayload({ receiver, groupKey: batch.groupKey, groupLabels: batch.groupLabels, alerts: batch.alerts, externalURL: amURL, now: batch.now });
          ours.push(comparable(JSON.parse(encodeMessage(NotificationSchema, payload)) as Record<string, unknown>));
          log.set(`${receiver}/${batch.groupKey}`, logEntry(decision, batch.now));
        }
        group.commit(batch);
      }
    }

    expect(received.length).toBe(4);
    expect(byGroup(ours)).toEqual(byGroup(received));
    // The team group's second notification carries the resolution; alerts with a `job` label sort first,
    // then by `instance` (types.AlertSlice order).
    const second = byGroup(received)['team {}/{alertname=~"X|Y"}:{alertname="X"}']![1]!;
    expect(second.alerts.map((a) => [a.labels, a.status])).toEqual([
      [{ alertname: 'X', job: 'j' }, 'firing'], [{ alertname: 'X', instance: 'i1' }, 'resolved'], [{ alertname: 'X', severity: 'page', instance: 'i2' }, 'firing'],
    ]);
  });
});
