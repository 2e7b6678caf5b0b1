// A real Alertmanager (Debian's prometheus-alertmanager 0.25) and a router started with the same
// routing file, each sending webhooks to its own sink, for the differential tests.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@faultline/platform-testing';
import { type Replica, RouterEnv, WebhookSink, sleep } from './harness.js';

/** Whether prometheus-alertmanager is installed. */
export const HAS_AM = spawnSync('prometheus-alertmanager', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAS_AM) console.warn('prometheus-alertmanager not found: skipping the differential tests (apt-get install prometheus-alertmanager)');

/** One webhook reduced to what must agree, plus its arrival time relative to the test's start. */
export interface Note { key: string; status: string; alerts: [unknown, string][]; groupLabels: unknown; commonLabels: unknown; reason: unknown; at: number }

/** Alertmanager and the router side by side. */
export class AmPair {
  readonly env = new RouterEnv();
  readonly amSink = new WebhookSink();
  readonly flSink = new WebhookSink();
  router!: Replica;
  amURL = '';
  private am?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'am-diff-'));

  /** Starts both with `config(hookBaseUrl)`. */
  async start(config: (hook: string) => string): Promise<this> {
    await this.amSink.start();
    await this.flSink.start();
    await this.env.setup(config(this.flSink.url));
    const port = await freePort();
    this.amURL = `http://127.0.0.1:${port}`;
    writeFileSync(join(this.dir, 'am.yml'), config(this.amSink.url));
    this.am = spawn('prometheus-alertmanager', [
      `--config.file=${join(this.dir, 'am.yml')}`, `--storage.path=${join(this.dir, 'data')}`, '--cluster.listen-address=',
      `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${this.amURL}`, '--log.level=warn',
    ], { stdio: 'ignore' });
    this.router = await this.env.start();
    await this.env.leader(this.router);
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${this.amURL}/-/ready`).then((r) => r.ok, () => false)) break;
      await sleep(100);
    }
    return this;
  }

  /** POSTs the same body to both; returns both statuses. */
  async both(path: string, body: unknown): Promise<number[]> {
    const res = await Promise.all([this.amURL, this.router.url].map((base) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })));
    return res.map((r) => r.status);
  }

  /** The webhooks each side received, by `<path> <receiver> <groupKey>`, times relative to `t0`. */
  received(t0: number): { theirs: Record<string, Note[]>; ours: Record<string, Note[]> } {
    const group = (sink: WebhookSink) => {
      const out: Record<string, Note[]> = {};
      for (const r of sink.received) {
        const b = r.body;
        const alerts = (b['alerts'] as { labels: unknown; status: string }[]).map((a) => [a.labels, a.status] as [unknown, string]);
        const n: Note = {
          key: `${r.path} ${b['receiver'] as string} ${b['groupKey'] as string}`, status: b['status'] as string, alerts,
          groupLabels: b['groupLabels'], commonLabels: b['commonLabels'], reason: b['notification_reason'], at: r.at - t0,
        };
        (out[n.key] ??= []).push(n);
      }
      return out;
    };
    return { theirs: group(this.amSink), ours: group(this.flSink) };
  }

  async stop(): Promise<void> {
    if (this.am && this.am.exitCode === null) {
      const exited = new Promise((r) => this.am!.once('exit', r));
      this.am.kill('SIGTERM');
      await exited;
    }
    await this.env.teardown();
    await this.amSink.close();
    await this.flSink.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Both sides without arrival times and without fields only one of them sends (notification_reason: Alertmanager 0.32+). */
export function comparable(g: Record<string, Note[]>): Record<string, Omit<Note, 'at' | 'reason'>[]> {
  return Object.fromEntries(Object.entries(g).map(([k, list]) => [k, list.map(({ at: _at, reason: _r, ...rest }) => rest)]));
}
