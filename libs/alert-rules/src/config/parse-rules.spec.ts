import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@faultline/routing';
import { parseAlertRules, parseAlertRulesYaml } from './parse-rules.js';
import { RULE_DEFAULTS } from './rule-config.js';

const TESTDATA = join(import.meta.dirname, '..', '..', 'testdata');
const fixtures = (dir: string) => readdirSync(join(TESTDATA, dir)).filter((f) => f.endsWith('.yml')).sort()
  .map((name) => {
    const text = readFileSync(join(TESTDATA, dir, name), 'utf8');
    return { name, text, expect: /^# expect: (.*)$/m.exec(text)?.[1] };
  });

describe('parseAlertRules on fixtures', () => {
  it.each(fixtures('invalid').map((f) => [f.name, f] as const))('rejects invalid/%s', (_n, f) => {
    expect(f.expect, 'fixture needs a "# expect:" line').toBeDefined();
    let error: unknown;
    try {
      parseAlertRulesYaml(f.text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(f.expect);
  });

  it.each(fixtures('valid').map((f) => [f.name, f] as const))('accepts valid/%s', (_n, f) => {
    expect(() => parseAlertRulesYaml(f.text)).not.toThrow();
  });
});

describe('parseAlertRules details', () => {
  it('fills defaults and reads every key', () => {
    const [n, r, f, u, s] = parseAlertRulesYaml(fixtures('valid').find((x) => x.name === 'all-types.yml')!.text);
    expect(n).toEqual({ name: 'NewIssue', type: 'new_issue', filters: {}, windowMs: RULE_DEFAULTS.windowMs, actionIntervalMs: 30 * 60_000, holdMs: 24 * 3600_000, severity: 'warning', labels: {}, annotations: {} });
    expect(r!.projects).toEqual(['1', '2']);
    expect(r!.holdMs).toBe(6 * 3600_000);
    expect(f).toMatchObject({ threshold: 100, windowMs: 3600_000, actionIntervalMs: 7200_000, severity: 'critical', labels: { team: 'web' }, annotations: { runbook: 'https://wiki/errors' } });
    expect(f!.filters.release![0]!.test('web@2.1.0')).toBe(true);
    expect(f!.filters.release![0]!.test('web@20')).toBe(false);
    expect(f!.filters.tags!['browser']!.test('Chrome 120')).toBe(true);
    expect(u).toMatchObject({ type: 'users', threshold: 50, windowMs: 30 * 60_000 });
    expect(s).toMatchObject({ type: 'spike', factor: 4, windowMs: 15 * 60_000, baselineWindowMs: 24 * 3600_000, threshold: 10 });
  });

  it('reports every problem at once', () => {
    expect(() => parseAlertRules([{ name: 'a', type: 'users' }, { type: 'spike', name: 'b', nope: 1 }])).toThrow(
      'alert_rules[0].threshold: required for type users\nalert_rules[1].nope: unknown key\nalert_rules[1].factor: required for type spike',
    );
  });

  it('treats an absent section as no rules', () => {
    expect(parseAlertRules(undefined)).toEqual([]);
    expect(parseAlertRulesYaml('route: { receiver: x }')).toEqual([]);
  });
});
