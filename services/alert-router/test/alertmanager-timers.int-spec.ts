// Second differential configuration: the timers. group_by '...', group_wait/group_interval per
// route, repeat_interval re-sends, an alert resolved within group_wait never notified, and an
// active time interval that is never active — posted to a real Alertmanager 0.25 and to the router.
import { AmPair, HAS_AM, comparable } from './am-pair.js';
import { sleep } from './harness.js';

const config = (hook: string) => `
route:
  receiver: all
  group_by: ['...']
  group_wait: 500ms
  group_interval: 1s
  repeat_interval: 2500ms
  routes:
    - matchers: [kind="batch"]
      receiver: batch
      group_by: [kind]
      group_wait: 1s
    - matchers: [kind="offhours"]
      receiver: offhours
      active_time_intervals: [never]
time_intervals:
  - name: never
    time_intervals: [{ years: ['2000'] }]
receivers:
  - { name: all, webhook_configs: [{ url: "${hook}/all" }] }
  - { name: batch, webhook_configs: [{ url: "${hook}/batch" }] }
  - { name: offhours, webhook_configs: [{ url: "${hook}/offhours" }] }
`;

describe.skipIf(!HAS_AM)('timers equal a real Alertmanager, through the service API (needs prometheus-alertmanager)', () => {
  const pair = new AmPair();
  beforeAll(() => pair.start(config));
  afterAll(() => pair.stop());

  it('group_wait, group_interval, repeat_interval, resolved-within-group_wait and active intervals', async () => {
    const now = Date.now();
    const alert = (labels: Record<string, string>, endsAt?: number) => ({
      labels, annotations: {}, startsAt: new Date(now - 100).toISOString(), generatorURL: 'http://gen.example/t', ...(endsAt ? { endsAt: new Date(endsAt).toISOString() } : {}),
    });
    const t0 = Date.now();
    expect(await pair.both('/api/v2/alerts', [
      alert({ alertname: 'R', kind: 'repeat' }),
      alert({ alertname: 'B', kind: 'batch', n: '1' }),
      alert({ alertname: 'B', kind: 'batch', n: '2' }),
      alert({ alertname: 'O', kind: 'offhours' }),
      // Resolves 300 ms from now, before its group's first flush (group_wait 500ms): never sent.
      alert({ alertname: 'Q', kind: 'quick' }, now + 300),
    ])).toEqual([200, 200]);
    await sleep(1200);
    expect(await pair.both('/api/v2/alerts', [alert({ alertname: 'B', kind: 'batch', n: '3' })])).toEqual([200, 200]);
    await sleep(3600);

    const { theirs, ours } = pair.received(t0);
    expect(comparable(ours)).toEqual(comparable(theirs));
    // What the timers must have produced (so that two broken routers cannot agree by accident).
    const count = (g: typeof theirs) => Object.fromEntries(Object.entries(g).map(([k, l]) => [k.split(' ')[0], l.length]));
    expect(count(theirs)).toEqual({ '/all': 2, '/batch': 2 });
    expect(theirs[Object.keys(theirs).find((k) => k.startsWith('/batch'))!]!.map((n) => n.alerts.length)).toEqual([2, 3]);
    for (const [k, list] of Object.entries(theirs)) {
      list.forEach((n, i) => expect(Math.abs(ours[k]![i]!.at - n.at), `${k} #${i}`).toBeLessThan(600));
    }
    // Ours says why: the repeat is a repeat.
    expect(ours[Object.keys(ours).find((k) => k.startsWith('/all'))!]!.map((n) => n.reason)).toEqual(['first notification', 'repeat interval elapsed']);
  });
});
