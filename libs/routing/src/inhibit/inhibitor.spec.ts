import { parseConfig } from '../config/parse-config.js';
import { type Alert } from '../dispatch/alert.js';
import { Inhibitor } from './inhibitor.js';

const now = new Date('2026-01-01T00:10:00Z');
const alert = (labels: Record<string, string>, endsAt?: string): Alert => ({
  labels, annotations: {}, startsAt: new Date('2026-01-01T00:00:00Z'), generatorURL: '', updatedAt: now,
  ...(endsAt ? { endsAt: new Date(endsAt) } : {}),
});

describe('Inhibitor', () => {
  const rules = parseConfig(`
route: { receiver: r }
receivers: [{ name: r }]
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity=~"warning|critical"]
    equal: [cluster]
`).inhibitRules;

  it('mutes a target while a firing source with equal labels exists', () => {
    const ih = new Inhibitor(rules);
    ih.add(alert({ alertname: 'Down', severity: 'critical', cluster: 'a' }));
    expect(ih.mutes({ alertname: 'Slow', severity: 'warning', cluster: 'a' }, now)).toBe(true);
    expect(ih.mutes({ alertname: 'Slow', severity: 'warning', cluster: 'b' }, now)).toBe(false);
    expect(ih.mutes({ alertname: 'Slow', severity: 'info', cluster: 'a' }, now)).toBe(false);
  });

  it('treats a missing equal label as empty on both sides', () => {
    const ih = new Inhibitor(rules);
    ih.add(alert({ alertname: 'Down', severity: 'critical' }));
    expect(ih.mutes({ alertname: 'Slow', severity: 'warning' }, now)).toBe(true);
  });

  it('does not let alerts matching both sides inhibit each other', () => {
    const ih = new Inhibitor(rules);
    ih.add(alert({ alertname: 'A', severity: 'critical', cluster: 'a' }));
    ih.add(alert({ alertname: 'B', severity: 'critical', cluster: 'a' }));
    expect(ih.mutes({ alertname: 'A', severity: 'critical', cluster: 'a' }, now)).toBe(false);
  });

  it('ignores resolved sources', () => {
    const ih = new Inhibitor(rules);
    ih.add(alert({ alertname: 'Down', severity: 'critical', cluster: 'a' }, '2026-01-01T00:05:00Z'));
    expect(ih.mutes({ alertname: 'Slow', severity: 'warning', cluster: 'a' }, now)).toBe(false);
  });
});
