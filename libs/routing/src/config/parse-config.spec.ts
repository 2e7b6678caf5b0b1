import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';
import { fixtures } from '../../test/fixtures.js';

describe('parseConfig on fixtures', () => {
  it.each(fixtures('invalid').map((f) => [f.name, f] as const))('rejects invalid/%s', (_name, f) => {
    expect(f.expect, 'fixture needs a "# expect:" line').toBeDefined();
    let error: unknown;
    try {
      parseConfig(f.text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(f.expect);
  });

  it.each(fixtures('valid').concat(fixtures('faultline')).map((f) => [f.name, f] as const))('accepts %s', (_name, f) => {
    expect(() => parseConfig(f.text)).not.toThrow();
  });
});

describe('parseConfig details', () => {
  it('keeps resolve_timeout, templates and the opaque alert_rules section', () => {
    const c = parseConfig(`
global: { resolve_timeout: 1m }
templates: ['a/*.tmpl']
route: { receiver: gh }
receivers:
  - name: gh
    github_configs: [{ repo: acme/web, labels: [bug] }]
alert_rules: [{ name: new_issue, anything: [1, 2] }]
`);
    expect(c.global.resolveTimeoutMs).toBe(60_000);
    expect(c.templates).toEqual(['a/*.tmpl']);
    expect(c.alertRules).toEqual([{ name: 'new_issue', anything: [1, 2] }]);
    expect(c.receivers[0]!.githubConfigs).toEqual([{ repo: 'acme/web', labels: ['bug'], sendResolved: true }]);
  });

  it('reads alertmanager_configs and github_configs without a repo (the project\'s own repository)', () => {
    const c = parseConfig(`
route: { receiver: r }
receivers:
  - name: r
    github_configs: [{ labels: [bug] }]
    alertmanager_configs: [{ url: "http://am.example:9093/", timeout: 5s }]
`);
    expect(c.receivers[0]!.githubConfigs).toEqual([{ repo: '', labels: ['bug'], sendResolved: true }]);
    expect(c.receivers[0]!.alertmanagerConfigs).toEqual([{ url: 'http://am.example:9093', sendResolved: true, timeoutMs: 5000 }]);
  });

  it('defaults resolve_timeout to 5m and webhook send_resolved to true', () => {
    const c = parseConfig(`
route: { receiver: w }
receivers: [{ name: w, webhook_configs: [{ url: "http://localhost/x" }] }]
`);
    expect(c.global.resolveTimeoutMs).toBe(300_000);
    expect(c.receivers[0]!.webhookConfigs[0]).toMatchObject({ url: 'http://localhost/x', sendResolved: true, maxAlerts: 0 });
  });

  it('reports every problem of a file at once, each with its path', () => {
    const text = `
route:
  receiver: nope
  routes:
    - group_wiat: 1s
    - receiver: missing
receivers: [{ name: a }]
`;
    expect(() => parseConfig(text)).toThrow(ConfigError);
    try {
      parseConfig(text);
    } catch (e) {
      expect((e as ConfigError).issues.map((i) => i.path)).toEqual(['route.routes[0].group_wiat', 'route.receiver', 'route.routes[1].receiver']);
    }
  });

  it('merges time_intervals and the deprecated mute_time_intervals', () => {
    const c = parseConfig(`
route: { receiver: a, routes: [{ matchers: [x="y"], mute_time_intervals: [old], active_time_intervals: [new] }] }
receivers: [{ name: a }]
mute_time_intervals: [{ name: old, time_intervals: [{ weekdays: [saturday, sunday] }] }]
time_intervals: [{ name: new, time_intervals: [{ times: [{ start_time: "09:00", end_time: "17:00" }], location: Europe/Oslo }] }]
`);
    expect([...c.timeIntervals.keys()]).toEqual(['old', 'new']);
    expect(c.timeIntervals.get('old')).toEqual([{ weekdays: [{ begin: 6, end: 6 }, { begin: 0, end: 0 }] }]);
    expect(c.timeIntervals.get('new')).toEqual([{ times: [{ startMinute: 540, endMinute: 1020 }], location: 'Europe/Oslo' }]);
  });
});
