import { NotificationSchema, encodeMessage } from '@faultline/contracts';
import { type Alert } from '../dispatch/alert.js';
import { buildWebhookPayload } from './webhook-payload.js';

const now = new Date('2026-01-01T00:10:00Z');
const a = (labels: Record<string, string>, annotations: Record<string, string>, endsAt?: string): Alert => ({
  labels, annotations, startsAt: new Date('2026-01-01T00:00:00Z'), generatorURL: 'http://faultline/g/1', updatedAt: now,
  ...(endsAt ? { endsAt: new Date(endsAt) } : {}),
});

describe('buildWebhookPayload', () => {
  const alerts = [
    a({ alertname: 'X', project: 'web', env: 'prod' }, { summary: 's', link: 'l1' }),
    a({ alertname: 'X', project: 'web', env: 'dev' }, { summary: 's', link: 'l2' }, '2026-01-01T00:05:00Z'),
  ];

  it('builds the v4 shape with common labels over the batch', () => {
    const encoded = encodeMessage(NotificationSchema, buildWebhookPayload({
      receiver: 'team.web', groupKey: '{}:{alertname="X"}', groupLabels: { alertname: 'X' }, alerts,
      externalURL: 'http://router:9093', now, notificationReason: 'first notification',
    }));
    const json = JSON.parse(encoded) as Record<string, unknown>;
    expect(json).toMatchObject({
      version: '4', groupKey: '{}:{alertname="X"}', status: 'firing', receiver: 'team\\.web',
      groupLabels: { alertname: 'X' }, commonLabels: { alertname: 'X', project: 'web' }, commonAnnotations: { summary: 's' },
      externalURL: 'http://router:9093', notification_reason: 'first notification',
    });
    expect(json['alerts']).toEqual([
      { status: 'firing', labels: alerts[0]!.labels, annotations: alerts[0]!.annotations, startsAt: '2026-01-01T00:00:00Z',
        endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://faultline/g/1', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) },
      expect.objectContaining({ status: 'resolved', endsAt: '2026-01-01T00:05:00Z' }),
    ]);
  });

  it('is resolved only when every alert is, and truncates to max_alerts first', () => {
    const p = buildWebhookPayload({ receiver: 'r', groupKey: 'k', groupLabels: {}, alerts: [alerts[1]!, alerts[0]!], externalURL: '', now, maxAlerts: 1 });
    expect(p).toMatchObject({ status: 'resolved', truncatedAlerts: 1, commonLabels: alerts[1]!.labels });
    expect(p.alerts).toHaveLength(1);
  });
});
