import { parseConfig } from '../config/parse-config.js';
import { groupKey } from './group-key.js';
import { buildRouteTree } from './route.js';

const tree = (yaml: string) => buildRouteTree(parseConfig(yaml).route);

describe('route tree', () => {
  const root = tree(`
route:
  receiver: default
  group_by: [alertname]
  group_wait: 10s
  routes:
    - matchers: [severity="page"]
      receiver: pager
      continue: true
      group_interval: 1m
      routes:
        - matchers: [team="web"]
          receiver: web-pager
          group_by: ['...']
          repeat_interval: 1h
    - matchers: [team=~"web|api"]
      receiver: web
      group_by: []
    - matchers: [team="web"]
      receiver: unreachable
receivers: [{ name: default }, { name: pager }, { name: web-pager }, { name: web }, { name: unreachable }]
`);

  it('applies defaults and inheritance like NewRoute', () => {
    expect(root.opts).toMatchObject({ groupWait: 10_000, groupInterval: 300_000, repeatInterval: 14_400_000, groupByAll: false });
    const pager = root.routes[0]!;
    expect(pager.opts).toMatchObject({ receiver: 'pager', groupWait: 10_000, groupInterval: 60_000 });
    expect([...pager.opts.groupBy]).toEqual(['alertname']);
    const webPager = pager.routes[0]!;
    expect(webPager.opts).toMatchObject({ groupByAll: true, groupInterval: 60_000, repeatInterval: 3_600_000 });
    // `group_by: []` leaves Alertmanager's GroupBy nil, so the parent's grouping is inherited.
    expect([...root.routes[1]!.opts.groupBy]).toEqual(['alertname']);
  });

  it('matches depth first, honouring continue, falling back to the node itself', () => {
    const receivers = (labels: Record<string, string>) => root.match(labels).map((r) => r.opts.receiver);
    expect(receivers({ severity: 'page', team: 'web' })).toEqual(['web-pager', 'web']);
    expect(receivers({ severity: 'page', team: 'db' })).toEqual(['pager']);
    expect(receivers({ team: 'api' })).toEqual(['web']);
    expect(receivers({})).toEqual(['default']);
  });

  it('builds route keys and group keys as Alertmanager prints them', () => {
    const webPager = root.routes[0]!.routes[0]!;
    expect(webPager.key).toBe('{}/{severity="page"}/{team="web"}');
    expect(groupKey(root.routes[0]!.key, root.routes[0]!.groupLabels({ alertname: 'X', team: 'a' }))).toBe('{}/{severity="page"}:{alertname="X"}');
    expect(groupKey(webPager.key, webPager.groupLabels({ team: 'web', alertname: 'Q"x', severity: 'page' }))).toBe(
      '{}/{severity="page"}/{team="web"}:{alertname="Q\\"x", severity="page", team="web"}',
    );
  });
});
