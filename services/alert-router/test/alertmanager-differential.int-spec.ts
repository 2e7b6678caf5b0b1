// Differential test against the real Alertmanager (Debian's prometheus-alertmanager 0.25): the same
// routing file (nested routes, continue, group_by variants, inhibition, a silence, a mute time
// interval) and the same alert sequence posted to both /api/v2/alerts; both must send the same
// webhooks — receivers, group keys, statuses, alert label sets, order within each group — at about
// the same times.
import { AmPair, HAS_AM, comparable } from './am-pair.js';
import { sleep } from './harness.js';

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
      group_by: ['...']
    - matchers: ['team=~"web|api"']
      receiver: team
      group_by: [team, env]
      routes:
        - matchers: [env="prod"]
          receiver: team-prod
    - matchers: [muted="yes"]
      receiver: muted
      mute_time_intervals: [always]
inhibit_rules:
  - source_matchers: [alertname="Outage"]
    target_matchers: [alertname="Degraded"]
    equal: [team]
time_intervals:
  - name: always
    time_intervals: [{ weekdays: ['sunday:saturday'] }]
receivers:
  - { name: default, webhook_configs: [{ url: "${hook}/default" }] }
  - { name: pager, webhook_configs: [{ url: "${hook}/pager" }] }
  - { name: team, webhook_configs: [{ url: "${hook}/team" }] }
  - { name: team-prod, webhook_configs: [{ url: "${hook}/team-prod" }] }
  - { name: muted, webhook_configs: [{ url: "${hook}/muted" }] }
`;

const FIRST: Record<string, string>[] = [
  { alertname: 'X', severity: 'page', instance: 'i1' },
  { alertname: 'X', instance: 'i2' },
  { alertname: 'Y', team: 'web', env: 'prod' },
  { alertname: 'Y', team: 'web', env: 'dev' },
  { alertname: 'Z', team: 'api', env: 'dev' },
  { alertname: 'Outage', team: 'api', env: 'dev' },
  { alertname: 'Degraded', team: 'api', env: 'dev' },
  { alertname: 'Degraded', team: 'web', env: 'dev' },
  { alertname: 'Hushed', instance: 'i3' },
  { alertname: 'M', muted: 'yes' },
];

describe.skipIf(!HAS_AM)('same webhooks as a real Alertmanager, through the service API (needs prometheus-alertmanager)', () => {
  const pair = new AmPair();
  beforeAll(() => pair.start(config));
  afterAll(() => pair.stop());
  const both = (path: string, body: unknown) => pair.both(path, body);

  it('sends the same notifications for the same alerts', async () => {
    const now = Date.now();
    const silence = { matchers: [{ name: 'alertname', value: 'Hushed', isRegex: false, isEqual: true }], startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString(), createdBy: 't', comment: 'diff' };
    expect(await both('/api/v2/silences', silence)).toEqual([200, 200]);
    const startsAt = new Date(now - 100).toISOString();
    const post = (labels: Record<string, string>[], endsAt?: string) =>
      both('/api/v2/alerts', labels.map((l) => ({ labels: l, annotations: { summary: `${l['alertname']} happened` }, startsAt, generatorURL: 'http://gen.example/x', ...(endsAt ? { endsAt } : {}) })));
    const t0 = Date.now();
    expect(await post(FIRST)).toEqual([200, 200]);
    // Resolve two alerts after the first flush (1s) and before the second (3s).
    await sleep(1700);
    expect(await post([FIRST[1]!, FIRST[4]!], new Date().toISOString())).toEqual([200, 200]);
    await sleep(4800);

    const { theirs, ours } = pair.received(t0);
    expect(comparable(ours)).toEqual(comparable(theirs));
    // Sanity: what the features must have done (so that two broken routers cannot agree by accident).
    expect(Object.keys(theirs).sort()).toEqual([
      '/default default {}:{alertname="X"}',
      '/pager pager {}/{severity="page"}:{alertname="X", instance="i1", severity="page"}',
      '/team team {}/{team=~"web|api"}:{env="dev", team="api"}',
      '/team team {}/{team=~"web|api"}:{env="dev", team="web"}',
      '/team-prod team-prod {}/{team=~"web|api"}/{env="prod"}:{env="prod", team="web"}',
    ]);
    const api = theirs['/team team {}/{team=~"web|api"}:{env="dev", team="api"}']!;
    expect(api.map((n) => n.alerts.map(([l]) => (l as Record<string, string>)['alertname']))).toEqual([['Outage', 'Z'], ['Outage', 'Z']]);
    expect(api[1]!.alerts.map(([, s]) => s)).toEqual(['firing', 'resolved']);
    // Timing: each notification within 600 ms of Alertmanager's.
    for (const [k, list] of Object.entries(theirs)) {
      list.forEach((n, i) => expect(Math.abs(ours[k]![i]!.at - n.at), `${k} #${i}`).toBeLessThan(600));
    }
  });
});
