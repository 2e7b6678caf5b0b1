// The alert router's metrics (docs/ALERTING.md lists them).
import { counter, gauge, histogram } from '@faultline/platform-metrics';
import type { Registry } from 'prom-client';

/** Every metric of the router, created once per registry. */
export class RouterMetrics {
  readonly reloadSuccessful;
  readonly reloadTimestamp;
  readonly alertsReceived;
  readonly alertsDropped;
  readonly alerts;
  readonly groups;
  readonly silences;
  readonly notifications;
  readonly notificationLatency;
  readonly emitLatency;
  readonly leader;
  readonly activity;
  readonly apiRejected;
  readonly windowGroups;

  constructor(registry: Registry) {
    // Alertmanager's own names, so existing dashboards and alerts carry over.
    this.reloadSuccessful = gauge(registry, { name: 'config_last_reload_successful', help: 'Whether the last configuration reload attempt was successful (1) or not (0).' });
    this.reloadTimestamp = gauge(registry, { name: 'config_last_reload_success_timestamp_seconds', help: 'Timestamp of the last successful configuration reload.' });
    this.alertsReceived = counter(registry, { name: 'alert_router_alerts_received_total', help: 'Alerts received, by source (rule = error alert rules, api = POST /api/v2/alerts).', labelNames: ['source'] });
    this.alertsDropped = counter(registry, { name: 'alert_router_alerts_dropped_total', help: 'Alerts refused, by reason (limit = ALERT_ROUTER_MAX_ALERTS reached, invalid).', labelNames: ['reason'] });
    this.alerts = gauge(registry, { name: 'alert_router_alerts', help: 'Alerts held by this replica.' });
    this.groups = gauge(registry, { name: 'alert_router_aggregation_groups', help: 'Aggregation groups held by the leader.' });
    this.silences = gauge(registry, { name: 'alert_router_silences', help: 'Silences known, by state.', labelNames: ['state'] });
    this.notifications = counter(registry, { name: 'alert_router_notifications_total', help: 'Notifications by integration and result (sent, failed, duplicate = dropped by the NOTIFY stream de-duplication).', labelNames: ['integration', 'result'] });
    this.notificationLatency = histogram(registry, {
      name: 'alert_router_notification_latency_seconds', help: 'From a group timer falling due to the notification being published or delivered.',
      labelNames: ['integration'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    });
    this.emitLatency = histogram(registry, {
      name: 'alert_router_notification_emit_seconds', help: 'From a group timer falling due to the notification being handed to NATS or the HTTP client (before its acknowledgement).',
      labelNames: ['integration'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    });
    this.leader = gauge(registry, { name: 'alert_router_leader', help: '1 while this replica holds the leadership lease.' });
    this.apiRejected = counter(registry, { name: 'alert_router_api_rejected_total', help: 'Alertmanager API requests refused, by reason (too_many_alerts, alert_limit, invalid_alert, silence_limit, invalid_silence).', labelNames: ['reason'] });
    this.windowGroups = gauge(registry, { name: 'alert_router_window_groups', help: 'Error groups held in the rule engine window state (bounded by ALERT_ROUTER_MAX_GROUPS; the least recently seen are evicted).' });
    this.activity = counter(registry, { name: 'alert_router_activity_total', help: 'Issue activity messages evaluated, by result.', labelNames: ['result'] });
  }
}
