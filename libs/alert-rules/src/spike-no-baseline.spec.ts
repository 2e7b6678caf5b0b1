import { parseAlertRulesYaml } from './config/parse-rules.js';
import { AlertRuleEngine } from './engine.js';
import { Clock, Kind, activity } from '../test/activity.js';

describe('spike without a baseline', () => {
  it('fires once the window reaches the minimum event count (threshold)', () => {
    const c = new Clock();
    const e = new AlertRuleEngine(parseAlertRulesYaml('alert_rules: [{ name: Spike, type: spike, factor: 3 }]'));
    const fired = Array.from({ length: 10 }, () => e.observe(activity(Kind.OCCURRED, c.now), c.now)).map((a) => a.length);
    expect(fired).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
