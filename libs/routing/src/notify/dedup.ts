// The dedup stage (`notify.DedupStage.needsUpdate`): given what was last sent to a receiver for a group
// (the notification log entry), decide whether this batch must be sent, and why (the reasons are those
// Alertmanager 0.32+ reports as `notification_reason`).
import { type Alert, alertFingerprint, isResolvedAt } from '../dispatch/alert.js';

/** What the notification log remembers per (receiver, group key). */
export interface NotificationLogEntry {
  /** Fingerprints of the alerts that were firing when last notified. */
  readonly firingAlerts: readonly string[];
  /** Fingerprints of the alerts that were resolved when last notified. */
  readonly resolvedAlerts: readonly string[];
  /** When the notification was sent. */
  readonly timestamp: Date;
}

/** Why a notification is sent. */
export type NotificationReason = 'first notification' | 'new alerts added' | 'all alerts resolved' | 'some alerts resolved' | 'repeat interval elapsed';

/** The dedup verdict for one batch. */
export interface DedupDecision {
  /** The reason to send, or undefined when nothing needs sending. */
  readonly reason?: NotificationReason;
  /** Fingerprints of the firing alerts of the batch (to log after sending). */
  readonly firing: readonly string[];
  /** Fingerprints of the resolved alerts of the batch. */
  readonly resolved: readonly string[];
}

const isSubset = (set: ReadonlySet<string>, subset: Iterable<string>): boolean => {
  for (const k of subset) if (!set.has(k)) return false;
  return true;
};

/** Decides whether `alerts` must be sent given the last log `entry` (undefined if never sent). */
export function dedup(
  alerts: readonly Alert[],
  entry: NotificationLogEntry | undefined,
  opts: { readonly repeatIntervalMs: number; readonly sendResolved: boolean; readonly now: Date },
): DedupDecision {
  const firing: string[] = [];
  const resolved: string[] = [];
  for (const a of alerts) (isResolvedAt(a, opts.now) ? resolved : firing).push(alertFingerprint(a));
  const reason = needsUpdate(entry, firing, resolved, opts);
  return { ...(reason ? { reason } : {}), firing, resolved };
}

function needsUpdate(
  entry: NotificationLogEntry | undefined,
  firing: readonly string[],
  resolved: readonly string[],
  opts: { readonly repeatIntervalMs: number; readonly sendResolved: boolean; readonly now: Date },
): NotificationReason | undefined {
  // Never notified: only firing alerts are worth a first message; alerts resolved before it never are.
  if (!entry) return firing.length > 0 ? 'first notification' : undefined;
  if (!isSubset(new Set(entry.firingAlerts), firing)) return 'new alerts added';
  // Sent regardless of send_resolved, so that the log's firing set is cleared.
  if (firing.length === 0) return entry.firingAlerts.length > 0 ? 'all alerts resolved' : undefined;
  if (opts.sendResolved && !isSubset(new Set(entry.resolvedAlerts), resolved)) return 'some alerts resolved';
  return entry.timestamp.getTime() < opts.now.getTime() - opts.repeatIntervalMs ? 'repeat interval elapsed' : undefined;
}

/** The log entry to store once a batch was sent (`SetNotifiesStage`). */
export function logEntry(decision: DedupDecision, now: Date): NotificationLogEntry {
  return { firingAlerts: [...decision.firing], resolvedAlerts: [...decision.resolved], timestamp: now };
}

/** The alerts an integration actually sends: resolved ones are dropped unless it has send_resolved. */
export function alertsToSend(alerts: readonly Alert[], sendResolved: boolean, now: Date): Alert[] {
  return sendResolved ? [...alerts] : alerts.filter((a) => !isResolvedAt(a, now));
}
