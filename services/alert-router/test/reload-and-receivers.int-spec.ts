// Hot reload (file change, SIGHUP, POST /-/reload) applies only valid files and reports each
// attempt in faultline_config_last_reload_successful; webhook retries (5xx retried within the flush,
// 4xx not, the next flush tries again); the alertmanager receiver re-posts firing alerts each flush.
import { type Replica, RouterEnv, WebhookSink, sleep, writeConfig } from './harness.js';

const config = (hook: string, receiver: string, extra = '') => `
route:
  receiver: ${receiver}
  group_by: [alertname]
  group_wait: 200ms
  group_interval: 600ms
  repeat_interval: 1h
  routes:
    - { matchers: [alertname="Retry"], receiver: retry }
    - { matchers: [alertname="Client"], receiver: client }
receivers:
  - name: retry
    webhook_configs: [{ url: "${hook}/retry" }]
  - name: client
    webhook_configs: [{ url: "${hook}/client" }]
  - name: a
    webhook_configs: [{ url: "${hook}/a" }]
  - name: b
    webhook_configs: [{ url: "${hook}/b" }]
  - name: am
    alertmanager_configs: [{ url: "${hook}/fake-am" }]
${extra}`;

describe('hot reload and receivers', () => {
  const env = new RouterEnv();
  const sink = new WebhookSink();
  let router: Replica;
  const post = (labels: Record<string, string>, endsAt?: Date) =>
    fetch(`${router.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ labels, ...(endsAt ? { endsAt: endsAt.toISOString() } : {}) }]) });
  const until = async (f: () => boolean | Promise<boolean>, what: string, ms = 8000) => {
    const end = Date.now() + ms;
    while (!(await f())) {
      if (Date.now() > end) throw new Error(`timed out: ${what}\n${router.output.join('')}\n${JSON.stringify(sink.received.map((r) => r.path))}`);
      await sleep(50);
    }
  };
  const reloadOk = () => router.metric('faultline_config_last_reload_successful');

  beforeAll(async () => {
    await sink.start();
    await env.setup(config(sink.url, 'a'));
    router = await env.start();
    await env.leader(router);
  });
  afterAll(async () => {
    if (router.proc.exitCode !== null || router.proc.signalCode !== null) console.log(router.output.join(''));
    await env.teardown();
    await sink.close();
  });

  it('a bad file keeps the old configuration; a good one is applied', async () => {
    expect(await reloadOk()).toBe(1);
    writeConfig(env.configPath, config(sink.url, 'b', 'unknown_key: 1\n'));
    await until(async () => (await reloadOk()) === 0, 'reload failure reported');
    // The log line travels through pino's asynchronous destination and the pipe, so it may arrive
    // after the metric flips.
    await until(() => router.output.join('').includes('unknown_key'), 'reload failure logged with its reason');
    expect(await post({ alertname: 'One' }).then((r) => r.status)).toBe(200);
    await until(() => sink.received.some((r) => r.path === '/a'), 'alert routed by the old configuration');
    const status = (await (await fetch(`${router.url}/api/v2/status`)).json()) as { config: { original: string } };
    expect(status.config.original).not.toContain('unknown_key');

    writeConfig(env.configPath, config(sink.url, 'b'));
    await until(async () => (await reloadOk()) === 1, 'reload success reported');
    expect(await post({ alertname: 'Two' }).then((r) => r.status)).toBe(200);
    await until(() => sink.received.some((r) => r.path === '/b'), 'alert routed by the new configuration');
  });

  it('SIGHUP and POST /-/reload re-read the file; an invalid one answers 500 on /-/reload', async () => {
    writeConfig(env.configPath, config(sink.url, 'b', 'route: {}\n'));
    await until(async () => (await reloadOk()) === 0, 'duplicate key refused');
    const r = await fetch(`${router.url}/-/reload`, { method: 'POST' });
    expect(r.status).toBe(500);
    writeConfig(env.configPath, config(sink.url, 'a'));
    router.proc.kill('SIGHUP');
    await until(async () => (await reloadOk()) === 1, 'SIGHUP reload');
    expect((await fetch(`${router.url}/-/reload`, { method: 'POST' })).status).toBe(200);
  });

  it('webhook: 5xx retried within the flush, 4xx not (the next flush sends again)', async () => {
    sink.scripts['/retry'] = [503, 503];
    const before = sink.received.length;
    await post({ alertname: 'Retry' });
    await until(() => sink.received.slice(before).some((r) => (r.body['groupLabels'] as Record<string, string>)['alertname'] === 'Retry'), 'delivery after two 503s');
    expect(sink.failed.filter((p) => p === '/retry')).toHaveLength(2);

    sink.scripts['/client'] = [400];
    await post({ alertname: 'Client' });
    const t0 = Date.now();
    await until(() => sink.failed.includes('/client'), 'the 400');
    const failedAt = Date.now();
    await until(() => sink.received.some((r) => (r.body['groupLabels'] as Record<string, string>)['alertname'] === 'Client'), 'resend on the next flush');
    // Not retried at once: the second attempt waited for the next group_interval tick (600ms).
    expect(Date.now() - failedAt).toBeGreaterThan(400);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await router.metric('faultline_alert_router_notifications_total{integration="webhook",result="failed"}')).toBe(1);
  });

  it('alertmanager receiver: firing alerts re-posted every flush, then the resolution', async () => {
    writeConfig(env.configPath, config(sink.url, 'am'));
    await until(async () => (await fetch(`${router.url}/api/v2/status`).then((r) => r.json() as Promise<{ config: { original: string } }>)).config.original.includes('receiver: am'), 'reload to am');
    await post({ alertname: 'Fwd', job: 'x' });
    // After the reload every held alert routes to `am`; this test follows its own.
    const posts = () => sink.received.filter((r) => r.path === '/fake-am/api/v2/alerts' && (r.body as unknown as { labels: Record<string, string> }[])[0]!.labels['alertname'] === 'Fwd');
    await until(() => posts().length >= 3, 'three re-posts while firing', 5000);
    const body = posts()[0]!.body as unknown as { labels: Record<string, string>; endsAt: string }[];
    expect(body[0]!.labels).toEqual({ alertname: 'Fwd', job: 'x' });
    expect(Date.parse(body[0]!.endsAt)).toBeGreaterThan(Date.now());
    await post({ alertname: 'Fwd', job: 'x' }, new Date());
    await until(() => posts().some((p) => Date.parse((p.body as unknown as { endsAt: string }[])[0]!.endsAt) <= Date.now()), 'resolution forwarded');
  });
});
