// The notification pipeline of one flushed batch, Alertmanager's stages in order: mute (inhibition,
// time intervals, silences) → per integration: dedup against the notification log → send with
// retries → record in the log. The group forgets its resolved alerts only when every integration
// succeeded, so a failed delivery is tried again on the next flush.
import { createHash } from 'node:crypto';
import { NotificationSchema } from '@faultline/contracts';
import type { JetStreamPublisher } from '@faultline/platform-messaging';
import {
  type Alert, type GroupFlush, type Muter, type NotificationLogEntry,
  alertsToSend, buildWebhookPayload, dedup, logEntry,
} from '@faultline/routing';
import { type RouterMetrics } from '../core/router-metrics.js';
import { type RoutingState } from '../core/routing-state.js';
import { type Integration, type RetryPolicy, forwardBody, integrationKey, postWithRetries, subjectToken, webhookBody } from './integrations.js';

/** Where the notification log lives; `record` returns false when this replica is no longer leader. */
export interface NotificationLog {
  get(key: string, groupKey: string): NotificationLogEntry | undefined;
  record(key: string, groupKey: string, entry: NotificationLogEntry): Promise<boolean>;
}

/** What the notifier needs from the outside. */
export interface NotifierDeps {
  readonly publisher: Pick<JetStreamPublisher, 'publish'>;
  readonly log: NotificationLog;
  readonly metrics: RouterMetrics;
  readonly externalURL: string;
  readonly retry: RetryPolicy;
  readonly onError: (message: string) => void;
}

/** The NATS de-duplication id of a notification: the same batch after the same log entry gives the same id on any replica. */
export function notificationId(key: string, groupKey: string, previous: NotificationLogEntry | undefined, firing: readonly string[], resolved: readonly string[]): string {
  const h = createHash('sha256');
  h.update(`${key}\u0000${groupKey}\u0000${previous ? previous.timestamp.toISOString() : 'first'}\u0000${firing.join(',')}\u0000${resolved.join(',')}`);
  return h.digest('hex').slice(0, 32);
}

/** Runs batches through the pipeline. */
export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** Processes one flushed batch; returns whether every integration succeeded. `dueAt` is when the group's timer fell due. */
  async notify(state: RoutingState, batch: GroupFlush, muter: Muter, dueAt: number): Promise<boolean> {
    const now = batch.now;
    if (state.timeMuted(batch.route, now)) return true;
    const alerts = batch.alerts.filter((a) => !muter.mutes(a.labels, now));
    if (alerts.length === 0) return true;
    const receiver = batch.route.opts.receiver;
    const results = await Promise.all(state.integrationsOf(receiver).map((i) => this.run(i, receiver, batch, alerts, dueAt)));
    return results.every(Boolean);
  }

  private async run(i: Integration, receiver: string, batch: GroupFlush, alerts: readonly Alert[], dueAt: number): Promise<boolean> {
    const key = integrationKey(receiver, i);
    const previous = this.deps.log.get(key, batch.groupKey);
    const decision = dedup(alerts, previous, { repeatIntervalMs: batch.route.opts.repeatInterval, sendResolved: i.sendResolved, now: batch.now });
    if (i.dedup && !decision.reason) return true;
    const toSend = alertsToSend(alerts, i.sendResolved, batch.now);
    try {
      if (toSend.length > 0) {
        const payload = buildWebhookPayload({
          receiver, groupKey: batch.groupKey, groupLabels: batch.groupLabels, alerts: toSend, externalURL: this.deps.externalURL,
          now: batch.now, maxAlerts: i.maxAlerts, ...(decision.reason ? { notificationReason: decision.reason } : {}),
        });
        const msgId = notificationId(key, batch.groupKey, previous, decision.firing, decision.resolved);
        await this.send(i, receiver, payload, msgId, toSend, batch, dueAt);
        this.deps.metrics.notificationLatency.observe({ integration: i.kind }, Math.max(0, Date.now() - dueAt) / 1000);
      }
    } catch (e) {
      this.deps.metrics.notifications.inc({ integration: i.kind, result: 'failed' });
      this.deps.onError(`notify ${key} for ${batch.groupKey} failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    if (!i.dedup) return true;
    // Stored only while this replica still holds the lease; a fenced-off old leader must not log.
    return this.deps.log.record(key, batch.groupKey, logEntry(decision, batch.now));
  }

  private async send(i: Integration, receiver: string, payload: ReturnType<typeof buildWebhookPayload>, msgId: string, alerts: readonly Alert[], batch: GroupFlush, dueAt: number): Promise<void> {
    const deadlineMs = batch.route.opts.groupInterval;
    this.deps.metrics.emitLatency.observe({ integration: i.kind }, Math.max(0, Date.now() - dueAt) / 1000);
    if (i.kind === 'github') {
      const headers: Record<string, string> = {};
      if (i.settings.repo) headers['Faultline-Github-Repo'] = i.settings.repo;
      if (i.settings.labels && i.settings.labels.length > 0) headers['Faultline-Github-Labels'] = i.settings.labels.join(',');
      const receipt = await this.deps.publisher.publish(`notify.github.${subjectToken(receiver)}`, NotificationSchema, payload, { msgId, headers });
      this.deps.metrics.notifications.inc({ integration: i.kind, result: receipt.duplicate ? 'duplicate' : 'sent' });
      return;
    }
    if (i.kind === 'webhook') {
      await postWithRetries(i.settings.url!, webhookBody(payload), { ...this.deps.retry, timeoutMs: i.settings.timeoutMs ?? 0, deadlineMs, headers: { 'x-faultline-notification-id': msgId } });
    } else {
      await postWithRetries(`${i.settings.url}/api/v2/alerts`, forwardBody(alerts, batch.now, batch.route.opts.groupInterval, i.sendResolved), { ...this.deps.retry, timeoutMs: i.settings.timeoutMs ?? 0, deadlineMs });
    }
    this.deps.metrics.notifications.inc({ integration: i.kind, result: 'sent' });
  }
}
