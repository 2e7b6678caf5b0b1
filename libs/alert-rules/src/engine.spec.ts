import { parseAlertRulesYaml } from './config/parse-rules.js';
import { AlertRuleEngine } from './engine.js';
import { Clock, Kind, activity } from '../test/activity.js';

const MIN = 60_000;
const engineFor = (yaml: string) => new AlertRuleEngine(parseAlertRulesYaml(yaml), { baseUrl: 'https://faultline.example' });

describe('new_issue and regression', () => {
  const yaml = `
alert_rules:
  - { name: NewIssue, type: new_issue, severity: info, labels: { team: web }, annotations: { runbook: r } }
  - { name: Regression, type: regression, hold: 2h }
`;
  it('fires on new with every label and annotation, resolves when the group is resolved', () => {
    const c = new Clock();
    const e = engineFor(yaml);
    const [a, ...rest] = e.observe(activity(Kind.NEW, c.now), c.now);
    expect(rest).toEqual([]);
    expect(a!.labels).toEqual({ alertname: 'NewIssue', project: '1', group_id: 'g1', level: 'error', environment: 'production', severity: 'info', team: 'web' });
    expect(a!.annotations).toMatchObject({
      title: expect.stringContaining('TypeError'), culprit: 'loadUser(app/user.js)', events_in_window: '1', users_in_window: '0',
      times_seen: '1', users_affected: '1', release: 'web@2.1.0', runbook: 'r', first_seen: '2026-12-01T00:00:00.000Z',
      link: 'https://faultline.example/projects/1/issues/g1',
    });
    expect(a!.generatorURL).toBe('https://faultline.example/projects/1/issues/g1');
    expect(a!.endsAt).toBeUndefined();
    expect(a!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    c.advance(5 * MIN);
    const [r] = e.observe(activity(Kind.RESOLVED, c.now), c.now);
    expect(r!.fingerprint).toBe(a!.fingerprint);
    expect(r!.endsAt).toEqual(c.now);
    expect(r!.startsAt).toEqual(a!.startsAt);
  });

  it('gives no link when no UI base URL is configured (a bare path would lead nowhere in a GitHub issue)', () => {
    const c = new Clock();
    const [a] = new AlertRuleEngine(parseAlertRulesYaml(yaml), {}).observe(activity(Kind.NEW, c.now), c.now);
    expect(a!.annotations).not.toHaveProperty('link');
    expect(a!.annotations['title']).toContain('TypeError');
    expect(a!.generatorURL).toBe('');
  });

  it('fires on regressed and resolves after the hold', () => {
    const c = new Clock();
    const e = engineFor(yaml);
    expect(e.observe(activity(Kind.REGRESSED, c.now), c.now).map((a) => a.labels['alertname'])).toEqual(['Regression']);
    expect(e.tick(c.advance(119 * MIN))).toEqual([]);
    const [r] = e.tick(c.advance(MIN));
    expect(r!.labels['alertname']).toBe('Regression');
    expect(r!.endsAt).toEqual(c.now);
  });

  it('does not fire twice for a redelivered activity', () => {
    const c = new Clock();
    const e = engineFor(yaml);
    const act = activity(Kind.NEW, c.now);
    expect(e.observe(act, c.now)).toHaveLength(1);
    expect(e.observe(act, c.advance(1000))).toEqual([]);
  });
});

describe('frequency', () => {
  const yaml = `
alert_rules:
  - { name: Frequent, type: frequency, threshold: 3, window: 10m, action_interval: 1h }
`;
  it('fires on more than N events in the window and resolves when they slide out', () => {
    const c = new Clock();
    const e = engineFor(yaml);
    for (let i = 0; i < 3; i++) expect(e.observe(activity(Kind.OCCURRED, c.now), c.advance(MIN))).toEqual([]);
    const [a] = e.observe(activity(Kind.OCCURRED, c.now), c.now);
    expect(a!.annotations['events_in_window']).toBe('4');
    expect(e.observe(activity(Kind.OCCURRED, c.now), c.now)).toEqual([]);
    expect(e.tick(c.advance(5 * MIN))).toEqual([]);
    const [r] = e.tick(c.advance(10 * MIN));
    expect(r!.endsAt).toEqual(c.now);
    expect(r!.fingerprint).toBe(a!.fingerprint);
  });

  it('respects the action interval, then fires again', () => {
    const c = new Clock();
    const e = engineFor(yaml);
    const burst = () => [1, 2, 3, 4].flatMap(() => e.observe(activity(Kind.OCCURRED, c.now), c.now));
    expect(burst()).toHaveLength(1);
    expect(e.tick(c.advance(20 * MIN))).toHaveLength(1);
    expect(burst()).toEqual([]);
    e.tick(c.advance(20 * MIN));
    c.advance(25 * MIN);
    expect(burst()).toHaveLength(1);
  });

  it('resolves when the group is ignored and stays quiet while ignored', () => {
    const c = new Clock();
    const e = engineFor(yaml);
    [1, 2, 3, 4].forEach(() => e.observe(activity(Kind.OCCURRED, c.now), c.now));
    const [r] = e.observe(activity(Kind.IGNORED, c.now), c.now);
    expect(r!.endsAt).toEqual(c.now);
    c.advance(2 * 3600_000);
    const ignored = [1, 2, 3, 4, 5].flatMap(() => e.observe(activity(Kind.OCCURRED, c.now, { status: 3 }), c.now));
    expect(ignored).toEqual([]);
  });
});

describe('filters and projects', () => {
  const yaml = `
alert_rules:
  - name: Filtered
    type: new_issue
    projects: ['7']
    filters: { level: [error, fatal], environment: [production], release: ['web@2.*'], tags: { browser: 'Chrome*' } }
  - { name: Global, type: new_issue }
`;
  const names = (e: AlertRuleEngine, over: Parameters<typeof activity>[2], tags: Record<string, string> = { browser: 'Chrome 120' }) =>
    e.observe(activity(Kind.NEW, new Date(), { projectId: '7', ...over }), new Date(), { tags }).map((a) => a.labels['alertname']).sort();

  it('applies per-project rules only to their projects, global ones everywhere', () => {
    expect(names(engineFor(yaml), {})).toEqual(['Filtered', 'Global']);
    expect(names(engineFor(yaml), { projectId: '8' })).toEqual(['Global']);
  });
  it.each([
    ['level', { level: 'warning' }, undefined],
    ['environment', { environment: 'staging' }, undefined],
    ['release glob', { release: 'web@3.0.0' }, undefined],
    ['tag glob', {}, { browser: 'Firefox 121' }],
    ['missing tag', {}, {}],
  ])('filters on %s', (_n, over, tags) => {
    expect(names(engineFor(yaml), over, tags)).toEqual(['Global']);
  });
});

describe('users', () => {
  it('fires on more than N distinct users and does not count a redelivery', () => {
    const c = new Clock();
    const e = engineFor('alert_rules: [{ name: Users, type: users, threshold: 2, window: 1h }]');
    const first = activity(Kind.OCCURRED, c.now);
    e.observe(first, c.now, { userId: 'u1' });
    e.observe(first, c.now, { userId: 'u2' });
    e.observe(activity(Kind.OCCURRED, c.now), c.now, { userId: 'u1' });
    expect(e.observe(activity(Kind.OCCURRED, c.now), c.now, { userId: 'u2' })).toEqual([]);
    const [a] = e.observe(activity(Kind.OCCURRED, c.now), c.now, { userId: 'u3' });
    expect(a!.annotations['users_in_window']).toBe('3');
    expect(a!.annotations['events_in_window']).toBe('4');
  });
});

describe('user and tags from the activity itself', () => {
  it('counts users by the activity user_key and filters on its tags, with no separate context', () => {
    const c = new Clock();
    const e = engineFor('alert_rules: [{ name: Users, type: users, threshold: 1, window: 1h, filters: { tags: { route: "/checkout*" } } }]');
    const at = (user: string, route: string) => activity(Kind.OCCURRED, c.now, { userKey: user, tags: { route } });
    expect(e.observe(at('u1', '/checkout'), c.now)).toEqual([]);
    expect(e.observe(at('u1', '/checkout/pay'), c.now)).toEqual([]); // same user
    expect(e.observe(at('u2', '/profile'), c.now)).toEqual([]); // counted, but the filter does not let it fire
    const [a] = e.observe(at('u3', '/checkout/pay'), c.now);
    expect(a!.labels['alertname']).toBe('Users');
    expect(a!.annotations['users_in_window']).toBe('3');
  });
});

describe('spike', () => {
  const yaml = 'alert_rules: [{ name: Spike, type: spike, window: 10m, factor: 5, baseline_window: 1h, threshold: 5 }]';
  it('fires when the window rate is factor × the baseline rate, and not on a steady rate', () => {
    const c = new Clock();
    const e = engineFor(yaml);
    // Baseline: one event a minute for the last 70 minutes (rate 1/min), restored as PostgreSQL would.
    const buckets = Array.from({ length: 70 }, (_, i) => ({ start: new Date(c.now.getTime() - (i + 1) * MIN), events: 1 }));
    e.restore({ groupId: 'g1', buckets }, c.now);
    const fired = [];
    // A steady rate is no spike; 5 × 1/min over 10 minutes needs about 50 events in the window.
    for (let i = 0; i < 30; i++) fired.push(...e.observe(activity(Kind.OCCURRED, c.now), c.now));
    expect(fired).toEqual([]);
    for (let i = 0; i < 20; i++) fired.push(...e.observe(activity(Kind.OCCURRED, c.now), c.now));
    expect(fired.map((a) => a.labels['alertname'])).toEqual(['Spike']);
    expect(e.tick(c.advance(12 * MIN)).map((a) => a.endsAt)).toEqual([c.now]);
  });

  it('restores the window from a snapshot', () => {
    const c = new Clock();
    const e = engineFor('alert_rules: [{ name: Frequent, type: frequency, threshold: 10, window: 10m }]');
    e.restore({ groupId: 'g1', buckets: [
      { start: new Date(c.now.getTime() - 5 * MIN), events: 6, users: ['a', 'b'] },
      { start: new Date(c.now.getTime() - 2 * MIN), events: 4 },
      { start: new Date(c.now.getTime() - 300 * MIN), events: 100 },
    ] }, c.now);
    const [a] = e.observe(activity(Kind.OCCURRED, c.now), c.now, { userId: 'c' });
    expect(a!.annotations['events_in_window']).toBe('11');
    expect(a!.annotations['users_in_window']).toBe('3');
  });
});

describe('bounded memory', () => {
  it('evicts the least recently used group past maxGroups and prunes idle ones', () => {
    const c = new Clock();
    const e = new AlertRuleEngine(parseAlertRulesYaml('alert_rules: [{ name: F, type: frequency, threshold: 100 }]'), { maxGroups: 3 });
    for (const g of ['a', 'b', 'c', 'd']) e.observe(activity(Kind.OCCURRED, c.now, { groupId: g }), c.now);
    expect(e.groupCount).toBe(3);
    e.tick(c.advance(3 * 3600_000));
    expect(e.groupCount).toBe(0);
  });
});

describe('active alerts', () => {
  it('lists firing alerts for re-posting, without an end', () => {
    const c = new Clock();
    const e = engineFor('alert_rules: [{ name: NewIssue, type: new_issue }]');
    const [a] = e.observe(activity(Kind.NEW, c.now), c.now);
    const [again] = e.active(c.advance(MIN));
    expect(again!.fingerprint).toBe(a!.fingerprint);
    expect(again!.endsAt).toBeUndefined();
    expect(again!.updatedAt).toEqual(c.now);
  });
});

describe('restoreFiring', () => {
  it('rebuilds a firing alert so that it resolves and does not fire twice', () => {
    const rules = parseAlertRulesYaml('alert_rules: [{ name: NewIssue, type: new_issue }]');
    const [C, K, act, Engine] = [Clock, Kind, activity, AlertRuleEngine];
    const c = new C();
    const first = new Engine(rules);
    const [fired] = first.observe(act(K.NEW, c.now, { groupId: 'g9' }), c.now);
    const second = new Engine(rules);
    second.restoreFiring({ rule: 'NewIssue', activity: act(K.NEW, c.now, { groupId: 'g9' }), labels: fired!.labels, startsAt: fired!.startsAt, firing: true });
    expect(second.active(c.now).map((a) => a.fingerprint)).toEqual([fired!.fingerprint]);
    c.advance(1000);
    expect(second.observe(act(K.NEW, c.now, { groupId: 'g9' }), c.now)).toEqual([]);
    const resolved = second.observe(act(K.RESOLVED, c.now, { groupId: 'g9' }), c.now);
    expect(resolved.map((a) => [a.fingerprint, a.endsAt?.getTime()])).toEqual([[fired!.fingerprint, c.now.getTime()]]);
  });
});
