// The router's state and its loops. Every replica holds the alerts and silences (followed from
// PostgreSQL) so that its API answers; only the leader (lease holder) runs the rule engine over
// issue activity, keeps aggregation groups and flushes them through the notifier.
import { type AlertingConfig, AlertRuleEngine, type RuleAlert } from '@faultline/alert-rules';
import { type IssueActivity, IssueActivitySchema, decodeMessage, encodeMessage } from '@faultline/contracts';
import { type AggregationGroup, type Alert, type NotificationLogEntry, Silencer, anyMuter, isResolvedAt, silenceState } from '@faultline/routing';
import { type LeaseFence } from '../ha/leader-lease.js';
import { type Notifier } from '../notify/notifier.js';
import { type AlertStore, type StoredAlert, storedAlert } from '../store/alert-store.js';
import { type NflogStore } from '../store/nflog-store.js';
import { type SilenceStore, type StoredSilence } from '../store/silence-store.js';
import { type WindowSnapshotStore } from '../store/window-snapshot-store.js';
import { type RouterMetrics } from './router-metrics.js';
import { RoutingState } from './routing-state.js';

/** Limits and intervals of the router. */
export interface RouterOptions {
  readonly maxAlerts: number;
  readonly maxGroups: number;
  readonly syncIntervalMs: number;
  readonly tickIntervalMs: number;
  readonly retentionMs: number;
  readonly resolvedRetentionMs: number;
  readonly uiUrl: string;
}

/** Minimum time between two flush passes over the groups. */
const FLUSH_SPACING_MS = 5;
/** Window snapshots older than this are neither restored nor kept (longer than any default rule window). */
const WINDOW_RESTORE_MS = 8 * 24 * 3600_000;
/** Groups started per event-loop turn when many fall due at once. */
const FLUSH_CHUNK = 200;

/** Thrown when an alert cannot be accepted because ALERT_ROUTER_MAX_ALERTS is reached. */
export class AlertLimitError extends Error {}

/** The router. */
export class AlertRouter {
  private state: RoutingState;
  private engine: AlertRuleEngine;
  private readonly alerts = new Map<string, StoredAlert>();
  private silences: StoredSilence[] = [];
  private silencer = new Silencer([]);
  private readonly nflog = new Map<string, NotificationLogEntry>();
  private rev = 0n;
  private fence?: LeaseFence;
  private flushTimer?: NodeJS.Timeout;
  private flushAt = Infinity;
  private readonly inflight = new Map<AggregationGroup, Promise<void>>();
  private readonly unsaved: StoredAlert[] = [];
  private lastFlushMs = 0;
  private syncTimer?: NodeJS.Timeout;
  private tickTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    config: AlertingConfig,
    private readonly opts: RouterOptions,
    private readonly stores: { alerts: AlertStore; silences: SilenceStore; nflog: NflogStore; windows: WindowSnapshotStore },
    private readonly notifier: Notifier,
    private readonly metrics: RouterMetrics,
    private readonly log: { warn(m: string): void; info(m: string): void; error(m: string): void },
  ) {
    this.state = new RoutingState(config);
    this.engine = this.newEngine(config);
  }

  /** The configuration in effect. */
  get config(): AlertingConfig {
    return this.state.config;
  }

  /** The routing state in effect (route tree, inhibitor). */
  get routing(): RoutingState {
    return this.state;
  }

  /** Whether this replica is the leader now. */
  get isLeader(): boolean {
    return this.fence !== undefined;
  }

  /** The notification-log view the notifier uses. */
  notificationLog() {
    return {
      get: (key: string, groupKey: string) => this.nflog.get(`${key}\u0000${groupKey}`),
      record: async (key: string, groupKey: string, entry: NotificationLogEntry) => {
        const fence = this.fence;
        if (!fence) return false;
        const ok = await this.stores.nflog.record(key, groupKey, entry, fence);
        if (ok) this.nflog.set(`${key}\u0000${groupKey}`, entry);
        return ok;
      },
    };
  }

  /** Starts following PostgreSQL (alerts, silences). */
  async start(): Promise<void> {
    await this.sync();
    this.syncTimer = setInterval(() => void this.sync().catch((e) => this.log.warn(`sync failed: ${String(e)}`)), this.opts.syncIntervalMs);
  }

  /** Stops every loop. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.syncTimer);
    clearInterval(this.tickTimer);
    clearTimeout(this.flushTimer);
    this.fence = undefined;
    this.metrics.leader.set(0);
  }

  /** Becomes leader: loads the notification log, rebuilds groups and rule state from the held alerts. */
  async becomeLeader(fence: LeaseFence): Promise<void> {
    await this.sync();
    this.nflog.clear();
    for (const [k, v] of await this.stores.nflog.loadAll()) this.nflog.set(k, v);
    const windows = await this.stores.windows.load(WINDOW_RESTORE_MS);
    this.fence = fence;
    this.metrics.leader.set(1);
    this.rebuild(this.state.config, true);
    const now = new Date();
    for (const w of windows) this.engine.restore(w, now);
    this.tickTimer = setInterval(() => void this.tick().catch((e) => this.log.error(`tick failed: ${String(e)}`)), this.opts.tickIntervalMs);
    this.log.info(`leader with lease token ${fence.token}: ${this.alerts.size} alerts, ${this.state.dispatcher.allGroups().length} groups`);
  }

  /** Applies a new configuration (already validated): new groups, inhibitor and (if the rules changed) engine. */
  reload(config: AlertingConfig): void {
    const rulesChanged = JSON.stringify(config.routing.alertRules ?? null) !== JSON.stringify(this.state.config.routing.alertRules ?? null);
    this.rebuild(config, rulesChanged);
    // A new engine starts from the persisted windows (at most one tick old).
    if (rulesChanged && this.fence) {
      void this.stores.windows.load(WINDOW_RESTORE_MS).then((windows) => {
        const now = new Date();
        for (const w of windows) this.engine.restore(w, now);
      }, (e: unknown) => this.log.warn(`restoring windows after reload failed: ${String(e)}`));
    }
  }

  private newEngine(config: AlertingConfig): AlertRuleEngine {
    return new AlertRuleEngine(config.rules, { baseUrl: this.opts.uiUrl, maxGroups: this.opts.maxGroups });
  }

  private rebuild(config: AlertingConfig, newEngine: boolean): void {
    this.state = new RoutingState(config);
    if (newEngine) {
      this.engine = this.newEngine(config);
      const now = Date.now();
      for (const a of this.alerts.values()) {
        if (!a.rule || a.activity === undefined) continue;
        const firing = !isResolvedAt(a, new Date(now));
        this.engine.restoreFiring({ rule: a.rule, activity: decodeMessage(IssueActivitySchema, JSON.stringify(a.activity)), labels: a.labels, startsAt: a.startsAt, firing });
      }
    }
    if (!this.fence) return;
    const now = new Date();
    let due = Infinity;
    for (const a of this.alerts.values()) due = Math.min(due, this.state.add(a, now));
    this.schedule(due);
  }

  /** Evaluates one activity message; resolves once the resulting alerts are stored (then the message may be acked). */
  async observeActivity(activity: IssueActivity): Promise<number> {
    const now = new Date();
    await this.saveUnsaved(now);
    const out = this.engine.observe(activity, now);
    if (out.length > 0) {
      const alerts = out.map((a) => this.ruleAlert(a, activity));
      try {
        await this.accept(alerts, 'rule', now);
      } catch (e) {
        // The engine has moved on (a redelivery of this event would not fire again), so the alerts
        // are kept and stored before any later message is acknowledged; over the limit they are dropped (counted).
        if (!(e instanceof AlertLimitError)) this.unsaved.push(...alerts);
        throw e;
      }
    }
    return out.length;
  }

  // Alerts whose write failed earlier; stored before anything else is acknowledged.
  private async saveUnsaved(now: Date): Promise<void> {
    if (this.unsaved.length === 0) return;
    const pending = this.unsaved.splice(0);
    try {
      await this.accept(pending, 'rule', now);
    } catch (e) {
      if (!(e instanceof AlertLimitError)) this.unsaved.unshift(...pending);
      throw e;
    }
  }

  private ruleAlert(a: RuleAlert, activity: IssueActivity): StoredAlert {
    const { fingerprint: _fp, ...alert } = a;
    return storedAlert(alert, { rule: a.labels['alertname']!, activity: JSON.parse(encodeMessage(IssueActivitySchema, activity)) });
  }

  /** Accepts alerts posted to the API (already validated and defaulted); merges them like Alertmanager. */
  async postAlerts(alerts: readonly Alert[]): Promise<void> {
    const now = new Date();
    await this.accept(alerts.map((a) => storedAlert(this.merge(a, now))), 'api', now);
  }

  // `Alert.Merge` for an alert that overlaps the stored one: the earliest start wins.
  private merge(a: Alert, now: Date): Alert {
    const old = this.alerts.get(storedAlert(a).fingerprint);
    if (!old || isResolvedAt(old, now) || old.startsAt.getTime() >= a.startsAt.getTime()) return a;
    return { ...a, startsAt: old.startsAt };
  }

  private async accept(list: readonly StoredAlert[], source: 'rule' | 'api', now: Date): Promise<void> {
    const fresh = list.filter((a) => !this.alerts.has(a.fingerprint)).length;
    if (this.alerts.size + fresh > this.opts.maxAlerts) {
      this.metrics.alertsDropped.inc({ reason: 'limit' }, list.length);
      throw new AlertLimitError(`the router holds ${this.alerts.size} alerts; ALERT_ROUTER_MAX_ALERTS is ${this.opts.maxAlerts}`);
    }
    // Stored before anything else happens, so the caller may acknowledge once this resolves; the
    // revision is not adopted here (sync() re-reads own writes and skips them as unchanged).
    await this.stores.alerts.put(list);
    this.metrics.alertsReceived.inc({ source }, list.length);
    let due = Infinity;
    for (const a of list) due = Math.min(due, this.hold(a, now));
    this.schedule(due);
  }

  // Keeps an alert; the leader also routes it. Returns the earliest due time of the groups touched.
  private hold(a: StoredAlert, now: Date): number {
    this.alerts.set(a.fingerprint, a);
    this.metrics.alerts.set(this.alerts.size);
    return this.fence ? this.state.add(a, now) : Infinity;
  }

  /** Re-reads silences and alerts written by other replicas. */
  async sync(): Promise<void> {
    this.silences = await this.stores.silences.list(this.opts.retentionMs);
    this.silencer = new Silencer(this.silences);
    const now = new Date();
    const counts = { active: 0, pending: 0, expired: 0 };
    for (const s of this.silences) counts[silenceState(s, now)]++;
    for (const [k, v] of Object.entries(counts)) this.metrics.silences.set({ state: k }, v);
    let due = Infinity;
    for (;;) {
      const { alerts, rev } = await this.stores.alerts.since(this.rev, 5_000);
      this.rev = rev;
      for (const a of alerts) {
        const held = this.alerts.get(a.fingerprint);
        if (held && held.updatedAt.getTime() === a.updatedAt.getTime() && held.endsAt?.getTime() === a.endsAt?.getTime()) continue;
        due = Math.min(due, this.hold(a, now));
      }
      if (alerts.length < 5_000) break;
    }
    this.schedule(due);
  }

  /** Updates the silence cache after a local change, without waiting for the next sync. */
  async refreshSilences(): Promise<void> {
    this.silences = await this.stores.silences.list(this.opts.retentionMs);
    this.silencer = new Silencer(this.silences);
  }

  /** Silences known to this replica. */
  listSilences(): readonly StoredSilence[] {
    return this.silences;
  }

  /** The silencer in effect. */
  get currentSilencer(): Silencer {
    return this.silencer;
  }

  /** Every alert held. */
  listAlerts(): StoredAlert[] {
    return [...this.alerts.values()];
  }

  private schedule(dueMs: number): void {
    if (!this.fence || this.stopped || !Number.isFinite(dueMs) || dueMs >= this.flushAt) return;
    clearTimeout(this.flushTimer);
    // Groups falling due within FLUSH_SPACING_MS of each other are flushed in one pass (each pass
    // scans every group), which costs them at most that much delay.
    const at = Math.max(dueMs, this.lastFlushMs + FLUSH_SPACING_MS);
    this.flushAt = at;
    this.flushTimer = setTimeout(() => this.flush(), Math.max(0, at - Date.now()));
  }

  // One pass over the groups: every due group's batch starts through the notifier at once, without
  // waiting for other groups' deliveries; a group's next batch waits for its previous one (as each
  // Alertmanager aggregation group runs its own pipeline).
  private flush(): void {
    this.flushAt = Infinity;
    this.lastFlushMs = Date.now();
    if (!this.fence || this.stopped) return;
    const state = this.state;
    const now = new Date();
    const muter = anyMuter(state.inhibitor, this.silencer);
    for (const group of state.queue.takeDue(now.getTime(), FLUSH_CHUNK)) {
      const dueAt = group.nextFlushAt().getTime();
      const batch = group.flush(now);
      state.queue.track(group);
      if (!batch) continue;
      const previous = this.inflight.get(group) ?? Promise.resolve();
      const run: Promise<void> = previous
        .then(() => this.notifier.notify(state, batch, muter, dueAt))
        .then((ok) => {
          if (ok) group.commit(batch);
        })
        .catch((e: unknown) => this.log.error(`notification of ${batch.groupKey} failed: ${String(e)}`))
        .finally(() => {
          if (this.inflight.get(group) === run) this.inflight.delete(group);
        });
      this.inflight.set(group, run);
    }
    const next = state.queue.next();
    // More due than one chunk: continue after the event loop had a turn (lease renewal, consuming, API).
    if (next !== undefined && next <= now.getTime()) setImmediate(() => this.flush());
    else if (next !== undefined) this.schedule(next);
  }

  /** Periodic work of the leader: rule resolutions, inhibitor and group garbage collection, table pruning. */
  async tick(): Promise<void> {
    if (!this.fence) return;
    const now = new Date();
    await this.saveUnsaved(now);
    const resolved = this.engine.tick(now);
    if (resolved.length > 0) {
      const alerts = resolved.map((a) => {
        const held = this.alerts.get(a.fingerprint);
        const { fingerprint: _fp, ...alert } = a;
        return storedAlert(alert, { rule: a.labels['alertname']!, ...(held?.activity !== undefined ? { activity: held.activity } : {}) });
      });
      try {
        await this.accept(alerts, 'rule', now);
      } catch (e) {
        this.unsaved.push(...alerts);
        throw e;
      }
    }
    this.metrics.windowGroups.set(this.engine.groupCount);
    // Persist the windows that counted events since the last tick (bounded loss on hand-over).
    await this.stores.windows.put(this.engine.changedWindows());
    this.state.inhibitor.collect(now);
    const before = this.state.queue.size;
    this.state.dispatcher.removeEmpty();
    const groups = this.state.dispatcher.allGroups();
    // Re-index only when groups were dropped (the index would otherwise keep them alive).
    if (groups.length !== before) this.state.queue.reset(groups);
    this.metrics.groups.set(groups.length);
    const cutoff = now.getTime() - this.opts.resolvedRetentionMs;
    for (const [fp, a] of this.alerts) if (a.endsAt && a.endsAt.getTime() < cutoff) this.alerts.delete(fp);
    this.metrics.alerts.set(this.alerts.size);
    await this.stores.alerts.gc(this.opts.resolvedRetentionMs);
    await this.stores.silences.gc(this.opts.retentionMs);
    await this.stores.nflog.gc(this.opts.retentionMs);
    await this.stores.windows.gc(WINDOW_RESTORE_MS);
  }
}
