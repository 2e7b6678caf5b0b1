import { ConfigError } from '@faultline/routing';
import { DEFAULT_ALERTING_CONFIG, parseAlertingConfig } from './alerting-config.js';

describe('parseAlertingConfig', () => {
  it('accepts the built-in default: new issues and regressions to the project repository', () => {
    const c = parseAlertingConfig(DEFAULT_ALERTING_CONFIG);
    expect(c.rules.map((r) => r.type)).toEqual(['new_issue', 'regression']);
    expect(c.routing.receivers[0]!.githubConfigs[0]!.repo).toBe('');
    expect(c.routing.route.groupWait).toBeLessThanOrEqual(5_000);
  });

  it('reports rule errors of an otherwise valid routing file', () => {
    expect(() => parseAlertingConfig(`${DEFAULT_ALERTING_CONFIG}  - { name: X, type: nope }\n`)).toThrow(ConfigError);
  });

  it('has no rules when the file has no alert_rules', () => {
    expect(parseAlertingConfig('route: { receiver: a }\nreceivers: [{ name: a }]\n').rules).toEqual([]);
  });
});
