// Every rule type firing and resolving through the running service: activity published on
// issues.activity, notifications read back from NOTIFY (github receiver) and a webhook receiver.
import { type Replica, RouterEnv, Kind, WebhookSink, activity, sleep } from './harness.js';

const config = (hook: string) => `
route:
  receiver: github
  group_by: [alertname, group_id]
  group_wait: 300ms
  group_interval: 500ms
  repeat_interval: 1h
  routes:
    - matchers: ['alertname=~"Frequent|ManyUsers|Spike"']
      receiver: hook
receivers:
  - name: github
    github_configs: [{ repo: acme/web, labels: [bug] }]
  - name: hook
    webhook_configs: [{ url: "${hook}/hook" }]
alert_rules:
  - { name: NewIssue, type: new_issue, action_interval: 1h }
  - { name: Regression, type: regression, hold: 2s }
  - { name: Frequent, type: frequency, threshold: 3, window: 1m, action_interval: 1h, filters: { environment: [production] } }
  - { name: ManyUsers, type: users, threshold: 2, window: 1m }
  - { name: Spike, type: spike, factor: 2, window: 1m, baseline_window: 1h, threshold: 5 }
`;

describe('alert rules through the service', () => {
  const env = new RouterEnv();
  const sink = new WebhookSink();
  let router: Replica;

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

  const waitFor = async <T>(f: () => Promise<T | undefined> | T | undefined, what: string, ms = 10_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await f();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${router.output.join('')}\n${JSON.stringify(sink.received)}\n${JSON.stringify((await env.notifications()).map((x) => x.n.groupLabels))}`);
      await sleep(100);
    }
  };

  it('new_issue fires once (action interval), resolves when the group is resolved', async () => {
    await env.publishActivity(activity(Kind.NEW, 'n1'));
    await env.publishActivity(activity(Kind.NEW, 'n1'));
    const first = await waitFor(async () => (await env.notifications()).find((x) => x.n.groupLabels['group_id'] === 'n1'), 'new issue notification');
    expect(first.subject).toBe('notify.github.github');
    expect(first.headers['Faultline-Github-Repo']).toBe('acme/web');
    expect(first.headers['Faultline-Github-Labels']).toBe('bug');
    expect(first.n).toMatchObject({ status: 'firing', receiver: 'github', notificationReason: 'first notification' });
    expect(first.n.alerts).toHaveLength(1);
    expect(first.n.alerts[0]!.labels).toMatchObject({ alertname: 'NewIssue', project: '1', group_id: 'n1', level: 'error', environment: 'production', severity: 'warning' });
    expect(first.n.alerts[0]!.annotations).toMatchObject({ title: 'TypeError in n1', culprit: 'app.js', release: 'web@1.0.0' });
    expect(first.headers['Nats-Msg-Id']).toMatch(/^[0-9a-f]{32}$/);
    await env.publishActivity(activity(Kind.RESOLVED, 'n1'));
    const resolved = await waitFor(async () => (await env.notifications()).find((x) => x.n.groupLabels['group_id'] === 'n1' && x.n.status === 'resolved'), 'resolution');
    expect(resolved.n.notificationReason).toBe('all alerts resolved');
    // Exactly two notifications: the second NEW activity did not fire again.
    expect((await env.notifications()).filter((x) => x.n.groupLabels['group_id'] === 'n1')).toHaveLength(2);
  });

  it('regression fires and resolves after its hold', async () => {
    await env.publishActivity(activity(Kind.REGRESSED, 'r1'));
    await waitFor(async () => (await env.notifications()).find((x) => x.n.groupLabels['alertname'] === 'Regression' && x.n.status === 'firing'), 'regression');
    await waitFor(async () => (await env.notifications()).find((x) => x.n.groupLabels['alertname'] === 'Regression' && x.n.status === 'resolved'), 'regression resolution after hold');
  });

  it('frequency, users and spike fire to the webhook', async () => {
    for (let i = 0; i < 6; i++) await env.publishActivity(activity(Kind.OCCURRED, 'f1', { userKey: `u${i}` }));
    for (let i = 0; i < 2; i++) await env.publishActivity(activity(Kind.OCCURRED, 'f2', { environment: 'staging' }));
    const fired = await waitFor(() => {
      const names = new Set(sink.received.map((r) => (r.body['groupLabels'] as Record<string, string>)['alertname']));
      return names.has('Frequent') && names.has('ManyUsers') && names.has('Spike') ? names : undefined;
    }, 'frequency, users and spike');
    expect([...fired].sort()).toEqual(['Frequent', 'ManyUsers', 'Spike']);
    // f2 had 2 staging events: below every threshold, and filtered out of Frequent anyway.
    expect(sink.received.filter((r) => (r.body['groupLabels'] as Record<string, string>)['group_id'] === 'f2')).toEqual([]);
    const body = sink.received.find((r) => (r.body['groupLabels'] as Record<string, string>)['alertname'] === 'Frequent')!.body;
    expect(body).toMatchObject({ version: '4', status: 'firing', receiver: 'hook', truncatedAlerts: 0 });
    expect((body['alerts'] as { endsAt: string }[])[0]!.endsAt).toBe('0001-01-01T00:00:00Z');
  });

  it('count rules resolve when the group is resolved', async () => {
    await env.publishActivity(activity(Kind.RESOLVED, 'f1'));
    await waitFor(() => {
      const resolved = sink.received.filter((r) => r.body['status'] === 'resolved').map((r) => (r.body['groupLabels'] as Record<string, string>)['alertname']);
      return ['Frequent', 'ManyUsers', 'Spike'].every((n) => resolved.includes(n)) ? true : undefined;
    }, 'resolutions of the count rules');
  });

  it('the action interval keeps a resolved count rule from firing again for the group', async () => {
    const before = sink.received.length;
    for (let i = 0; i < 6; i++) await env.publishActivity(activity(Kind.OCCURRED, 'f1', { userKey: `v${i}` }));
    await sleep(1500);
    const after = sink.received.slice(before).filter((r) => (r.body['groupLabels'] as Record<string, string>)['group_id'] === 'f1');
    expect(after).toEqual([]);
    expect(await router.metric('faultline_alert_router_activity_total{result="evaluated"}')).toBeGreaterThanOrEqual(6);
  });
});
