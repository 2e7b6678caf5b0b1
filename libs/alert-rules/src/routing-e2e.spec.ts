// End to end within pure code: the example file parsed by both halves, engine alerts routed through
// libs/routing's route tree and dispatcher, and the webhook v4 payload they produce.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dispatcher, buildRouteTree, buildWebhookPayload, parseConfig } from '@faultline/routing';
import { parseAlertRules } from './config/parse-rules.js';
import { AlertRuleEngine } from './engine.js';
import { Clock, Kind, activity } from '../test/activity.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'deploy', 'examples', 'alerting.yaml');

describe('deploy/examples/alerting.yaml', () => {
  it('is accepted by both parseConfig and parseAlertRules', () => {
    const config = parseConfig(readFileSync(EXAMPLE, 'utf8'));
    expect(parseAlertRules(config.alertRules).map((r) => r.type)).toEqual(['new_issue', 'regression', 'frequency', 'users', 'spike']);
  });
});

describe('engine → route tree → dispatcher → webhook payload', () => {
  it('notifies the on-call webhook of a critical frequency alert, then of its resolution', () => {
    const config = parseConfig(readFileSync(EXAMPLE, 'utf8'));
    const engine = new AlertRuleEngine(parseAlertRules(config.alertRules), { baseUrl: 'https://faultline.example' });
    const dispatcher = new Dispatcher(buildRouteTree(config.route));
    const c = new Clock();
    const payloads: ReturnType<typeof buildWebhookPayload>[] = [];
    const deliver = (alerts: ReturnType<typeof engine.tick>) => alerts.forEach((a) => dispatcher.add(a, c.now));
    const flush = () => {
      for (const { group, batch } of dispatcher.flushDue(c.now)) {
        // With no history the burst is also an ErrorSpike (its own group); this test follows FrequentErrors.
        if (batch.route.opts.receiver !== 'oncall' || batch.groupLabels['alertname'] !== 'FrequentErrors') continue;
        payloads.push(buildWebhookPayload({ receiver: 'oncall', groupKey: batch.groupKey, groupLabels: batch.groupLabels, alerts: batch.alerts, externalURL: 'http://router', now: batch.now }));
        group.commit(batch);
      }
    };
    for (let i = 0; i < 101; i++) deliver(engine.observe(activity(Kind.OCCURRED, c.now, { groupId: '42', release: 'web@2.3.1' }), c.now));
    c.advance(30_000);
    flush();
    expect(payloads).toHaveLength(1);
    const first = payloads[0]!;
    expect(first).toMatchObject({
      version: '4', status: 'firing', receiver: 'oncall', groupLabels: { alertname: 'FrequentErrors', project: '1' },
      groupKey: '{}/{severity="critical"}:{alertname="FrequentErrors", project="1"}',
    });
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts![0]).toMatchObject({
      status: 'firing',
      labels: { alertname: 'FrequentErrors', project: '1', group_id: '42', level: 'error', environment: 'production', severity: 'critical', team: 'web' },
      annotations: { events_in_window: '101', link: 'https://faultline.example/projects/1/issues/42', runbook: 'https://wiki.example/runbooks/frequent-errors' },
      generatorUrl: 'https://faultline.example/projects/1/issues/42',
    });
    // The events slide out of the hour (plus the minute of bucket granularity); the engine resolves
    // and the next flush says so.
    c.advance(3600_000 + 60_000);
    deliver(engine.tick(c.now));
    c.advance(5 * 60_000);
    flush();
    expect(payloads).toHaveLength(2);
    expect(payloads[1]).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', fingerprint: first.alerts![0]!.fingerprint }] });
  });
});
