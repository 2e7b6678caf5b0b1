// Debian's amtool (prometheus-alertmanager 0.25) against the running router, unchanged: add, query
// and expire a silence; a silenced alert is not sent while the other alert of the batch is; the
// silence survives a restart (PostgreSQL); `alert query` shows what the API holds.
import { spawnSync } from 'node:child_process';
import { type Replica, RouterEnv, WebhookSink, sleep } from './harness.js';

const HAS_AMTOOL = spawnSync('amtool', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAS_AMTOOL) console.warn('amtool not found: skipping the amtool test (apt-get install prometheus-alertmanager)');

const config = (hook: string) => `
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 300ms
  group_interval: 500ms
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs: [{ url: "${hook}/hook" }]
`;

describe.skipIf(!HAS_AMTOOL)('amtool against the router (needs prometheus-alertmanager)', () => {
  const env = new RouterEnv();
  const sink = new WebhookSink();
  let router: Replica;
  const am = (...args: string[]) => {
    const r = spawnSync('amtool', [`--alertmanager.url=${router.url}`, ...args], { encoding: 'utf8' });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  beforeAll(async () => {
    await sink.start();
    await env.setup(config(sink.url));
    router = await env.start();
    await env.leader(router);
  });
  afterAll(async () => {
    await env.teardown();
    await sink.close();
  });

  let id = '';

  it('silence add prints the id; silence query lists it', () => {
    const add = am('silence', 'add', 'alertname=Quiet', 'instance=~"a|b"', '--author=ops', '--comment=maintenance', '--duration=1h');
    expect(add.status, add.out).toBe(0);
    id = add.out.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const q = am('silence', 'query');
    expect(q.status, q.out).toBe(0);
    expect(q.out).toContain(id);
    expect(q.out).toContain('alertname="Quiet"');
    expect(q.out).toContain('instance=~"a|b"');
    expect(q.out).toContain('ops');
    expect(q.out).toContain('maintenance');
    const filtered = am('silence', 'query', 'alertname=Other');
    expect(filtered.out).not.toContain(id);
  });

  it('a silenced alert is not sent; the other one is; alert query shows the silenced one only with -s', async () => {
    expect(am('alert', 'add', 'alertname=Quiet', 'instance=a', '--annotation=summary=shh').status).toBe(0);
    expect(am('alert', 'add', 'alertname=Loud', 'instance=a').status).toBe(0);
    for (let i = 0; i < 50 && sink.received.length === 0; i++) await sleep(100);
    await sleep(1200); // a few group intervals: the silenced group must stay quiet
    const groups = sink.received.map((r) => (r.body['groupLabels'] as Record<string, string>)['alertname']);
    expect(groups).toEqual(['Loud']);
    const q = am('alert', 'query');
    expect(q.status, q.out).toBe(0);
    expect(q.out).toContain('Loud');
    expect(q.out).not.toContain('Quiet');
    const all = am('alert', 'query', '-s', '-o', 'json');
    const list = JSON.parse(all.out) as { labels: Record<string, string>; status: { state: string; silencedBy: string[] }; receivers: { name: string }[] }[];
    const quiet = list.find((a) => a.labels['alertname'] === 'Quiet')!;
    expect(quiet.status).toEqual({ state: 'suppressed', silencedBy: [id], inhibitedBy: [] });
    expect(quiet.receivers).toEqual([{ name: 'hook' }]);
  });

  it('the silence survives a restart (PostgreSQL)', async () => {
    await router.stop();
    router = await env.start();
    const q = am('silence', 'query', '-o', 'json');
    expect((JSON.parse(q.out) as { id: string }[]).map((s) => s.id)).toEqual([id]);
  });

  it('silence expire ends it; query --expired still shows it; errors are clear', async () => {
    const ex = am('silence', 'expire', id);
    expect(ex.status, ex.out).toBe(0);
    expect(am('silence', 'query').out).not.toContain(id);
    expect(am('silence', 'query', '--expired').out).toContain(id);
    const again = await fetch(`${router.url}/api/v2/silence/${id}`, { method: 'DELETE' });
    expect(again.status).toBe(400);
    expect(await again.json()).toBe('silence already expired');
    const missing = await fetch(`${router.url}/api/v2/silence/00000000-0000-0000-0000-000000000000`);
    expect(missing.status).toBe(404);
    const bad = await fetch(`${router.url}/api/v2/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ matchers: [{ name: 'a', value: '.*', isRegex: true }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString(), createdBy: 'x', comment: 'y' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toContain('at least one matcher must not match the empty string');
  });

  it('GET /api/v2/status answers what amtool needs (config show)', () => {
    const show = am('config', 'show');
    expect(show.status, show.out).toBe(0);
    expect(show.out).toContain('receiver: hook');
  });
});
