// Receiver integrations the router executes. `github` notifications go to the NOTIFY stream for the
// github-issues service; `webhook` and `alertmanager` are delivered over HTTP by the router itself.
import { create, NotificationSchema, type MessageInitShape } from '@faultline/contracts';
import { type Alert, type ReceiverConfig, isResolvedAt } from '@faultline/routing';
import { toJsonString } from '@bufbuild/protobuf';

/** What one integration send needs. */
export interface SendContext {
  /** The receiver's name. */
  readonly receiver: string;
  /** The webhook v4 payload, already built for this integration (max_alerts applied). */
  readonly payload: MessageInitShape<typeof NotificationSchema>;
  /** Stable id of this notification (group key + flush), the NATS de-duplication id. */
  readonly msgId: string;
  /** The alerts of the batch after muting (for the alertmanager forward). */
  readonly alerts: readonly Alert[];
  /** Flush time. */
  readonly now: Date;
  /** The route's group_interval: the notification deadline, as in Alertmanager. */
  readonly groupIntervalMs: number;
}

/** One configured integration of a receiver. */
export interface Integration {
  /** `github`, `webhook` or `alertmanager`. */
  readonly kind: 'github' | 'webhook' | 'alertmanager';
  /** Index within the receiver's list of that kind. */
  readonly index: number;
  /** Whether resolved alerts are sent. */
  readonly sendResolved: boolean;
  /** max_alerts (0 = all). */
  readonly maxAlerts: number;
  /** Whether the dedup stage applies (the alertmanager forward re-sends every flush while firing). */
  readonly dedup: boolean;
  /** Extra settings the sender reads. */
  readonly settings: { readonly url?: string; readonly timeoutMs?: number; readonly repo?: string; readonly labels?: readonly string[] };
}

/** The integrations of a receiver, in a stable order (github, webhook, alertmanager). */
export function integrationsOf(r: ReceiverConfig): Integration[] {
  return [
    ...r.githubConfigs.map((g, index): Integration => ({ kind: 'github', index, sendResolved: g.sendResolved, maxAlerts: 0, dedup: true, settings: { repo: g.repo, labels: g.labels } })),
    ...r.webhookConfigs.map((w, index): Integration => ({ kind: 'webhook', index, sendResolved: w.sendResolved, maxAlerts: w.maxAlerts, dedup: true, settings: { ...(w.url ? { url: w.url } : {}), timeoutMs: w.timeoutMs } })),
    ...r.alertmanagerConfigs.map((a, index): Integration => ({ kind: 'alertmanager', index, sendResolved: a.sendResolved, maxAlerts: 0, dedup: false, settings: { url: a.url, timeoutMs: a.timeoutMs } })),
  ];
}

/** The notification log key of an integration (`<receiver>/<kind>/<index>`, Alertmanager's receiver key). */
export function integrationKey(receiver: string, i: Integration): string {
  return `${receiver}/${i.kind}/${i.index}`;
}

/** A token NATS accepts in a subject: characters other than letters, digits, `_` and `-` become `_`. */
export function subjectToken(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
}

/** The webhook JSON with every field present, as Alertmanager sends it (proto3 JSON would omit zeros). */
export function webhookBody(payload: MessageInitShape<typeof NotificationSchema>): string {
  return toJsonString(NotificationSchema, create(NotificationSchema, payload), { alwaysEmitImplicit: true });
}

/** Error of one HTTP attempt; `retryable` false for 4xx. */
export class DeliveryError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

/** Retry policy of HTTP deliveries. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * POSTs `body` with retries: network errors and 5xx are retried with exponential back-off, other
 * statuses (4xx) fail at once, and the whole delivery gives up at the deadline (group_interval).
 */
export async function postWithRetries(url: string, body: string, opts: RetryPolicy & { timeoutMs: number; deadlineMs: number; headers?: Record<string, string> }): Promise<number> {
  const deadline = Date.now() + opts.deadlineMs;
  let attempt = 0;
  for (;;) {
    attempt++;
    const left = deadline - Date.now();
    const timeout = Math.max(1, opts.timeoutMs > 0 ? Math.min(opts.timeoutMs, left) : left);
    let error: DeliveryError;
    try {
      const res = await fetch(url, {
        method: 'POST', body, signal: AbortSignal.timeout(timeout),
        headers: { 'content-type': 'application/json', 'user-agent': 'Faultline-AlertRouter/0.1', ...opts.headers },
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return attempt;
      error = new DeliveryError(`${url} answered ${res.status}`, res.status >= 500);
    } catch (e) {
      error = new DeliveryError(`${url}: ${e instanceof Error ? e.message : String(e)}`, true);
    }
    const delay = opts.backoffMs * 2 ** (attempt - 1);
    if (!error.retryable || attempt >= opts.attempts || Date.now() + delay >= deadline) throw error;
    await sleep(delay);
  }
}

/** The body posted to an external Alertmanager's /api/v2/alerts: firing alerts stay firing until the next flush is overdue. */
export function forwardBody(alerts: readonly Alert[], now: Date, groupIntervalMs: number, sendResolved: boolean): string {
  const list = alerts.filter((a) => sendResolved || !isResolvedAt(a, now)).map((a) => {
    const resolved = isResolvedAt(a, now);
    const endsAt = resolved ? a.endsAt! : new Date(now.getTime() + 3 * groupIntervalMs);
    return { labels: a.labels, annotations: a.annotations, startsAt: a.startsAt.toISOString(), endsAt: endsAt.toISOString(), generatorURL: a.generatorURL };
  });
  return JSON.stringify(list);
}

