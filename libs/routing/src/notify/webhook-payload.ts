// The webhook v4 payload exactly as `notify/webhook/webhook.go` builds it from `template.Data`:
// alerts truncated to max_alerts first, then status, common labels and annotations computed over
// what is sent, firing alerts carrying Go's zero time as `endsAt`.
import { type MessageInitShape, type NotificationSchema, timestampFromDate } from '@faultline/contracts';
import { type Alert, alertFingerprint, isResolvedAt } from '../dispatch/alert.js';
import { type LabelSet } from '../labels/label-set.js';

/** Go's zero `time.Time`, which Alertmanager sends as `endsAt` of firing alerts. */
export const GO_ZERO_TIME = new Date('0001-01-01T00:00:00Z');

/** Everything the payload is built from. */
export interface WebhookPayloadInput {
  /** Receiver name (escaped with regexp.QuoteMeta in the payload, as Alertmanager does). */
  readonly receiver: string;
  /** Group key of the batch. */
  readonly groupKey: string;
  /** Group labels of the batch. */
  readonly groupLabels: LabelSet;
  /** The alerts to send, in order. */
  readonly alerts: readonly Alert[];
  /** Base URL for links back to the router. */
  readonly externalURL: string;
  /** Flush time: decides which alerts count as resolved. */
  readonly now: Date;
  /** The integration's max_alerts (0 = all). */
  readonly maxAlerts?: number;
  /** Dedup reason, sent as `notification_reason`. */
  readonly notificationReason?: string;
  /** Route labels (Alertmanager 0.34 `routeLabels`). */
  readonly routeLabels?: LabelSet;
}

/** Go's `regexp.QuoteMeta`. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

// Labels or annotations that every item has with the same value (`template.Data`'s common KV).
function common(items: readonly LabelSet[]): Record<string, string> {
  if (items.length === 0) return {};
  const out: Record<string, string> = { ...items[0] };
  for (const it of items.slice(1)) for (const k of Object.keys(out)) if ((it[k] ?? '') !== out[k]) delete out[k];
  return out;
}

/** Builds the `Notification` message (webhook v4) for one batch. */
export function buildWebhookPayload(input: WebhookPayloadInput): MessageInitShape<typeof NotificationSchema> {
  const max = input.maxAlerts ?? 0;
  const alerts = max > 0 && input.alerts.length > max ? input.alerts.slice(0, max) : input.alerts;
  const resolved = alerts.map((a) => isResolvedAt(a, input.now));
  return {
    version: '4',
    groupKey: input.groupKey,
    truncatedAlerts: input.alerts.length - alerts.length,
    status: resolved.every((r) => r) && alerts.length > 0 ? 'resolved' : 'firing',
    receiver: quoteMeta(input.receiver),
    groupLabels: { ...input.groupLabels },
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalUrl: input.externalURL,
    notificationReason: input.notificationReason ?? '',
    routeLabels: { ...(input.routeLabels ?? {}) },
    alerts: alerts.map((a, i) => ({
      status: resolved[i] ? 'resolved' : 'firing',
      labels: { ...a.labels },
      annotations: { ...a.annotations },
      startsAt: timestampFromDate(a.startsAt),
      endsAt: timestampFromDate(a.endsAt ?? GO_ZERO_TIME),
      generatorUrl: a.generatorURL,
      fingerprint: alertFingerprint(a),
    })),
  };
}
