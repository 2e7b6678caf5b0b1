// The error alert rule engine: activity messages in, Alertmanager alerts out. It keeps, per group,
// window counts (WindowStore) and, per rule and group, whether an alert is firing and when it last
// fired (for the action interval). Pure: the caller passes the clock and owns every timer.
import { GroupStatus, type IssueActivity, IssueActivityKind, timestampMs } from '@faultline/contracts';
import { type LabelSet } from '@faultline/routing';
import { type RuleAlert, DEFAULT_LINK_TEMPLATE, alertAnnotations, alertLabels, groupLink, makeAlert } from './alert-builder.js';
import { type AlertRule } from './config/rule-config.js';
import { countConditionHolds, isCountRule, windowCounts } from './conditions.js';
import { type EventContext, ruleApplies } from './filters.js';
import { BUCKET_MS } from './windows/group-window.js';
import { type GroupSnapshot, WindowStore } from './windows/window-store.js';

/** Engine options; all optional. */
export interface AlertRuleEngineOptions {
  /** Base URL of the Faultline UI for the `link` annotation and `generatorURL`. */
  readonly baseUrl?: string;
  /** Link template (default `{base_url}/projects/{project}/issues/{group_id}`). */
  readonly linkTemplate?: string;
  /** Groups kept in window state (default 100,000). */
  readonly maxGroups?: number;
  /** Event ids remembered per group for redelivery dedupe (default 10,000). */
  readonly maxEventIds?: number;
}

// One rule for one group.
interface RuleState {
  readonly rule: AlertRule;
  readonly groupId: string;
  labels?: LabelSet;
  startsAt?: Date;
  lastActivity?: IssueActivity;
  lastFiredMs?: number;
}

/** A firing (or recently fired) rule alert as persisted, to rebuild the engine's state after a restart or hand-over. */
export interface FiringRestore {
  /** Rule name (the `alertname` label). */
  readonly rule: string;
  /** The group the alert is about. */
  readonly activity: IssueActivity;
  /** The alert's labels as first emitted. */
  readonly labels: LabelSet;
  /** When the alert (last) started firing. */
  readonly startsAt: Date;
  /** Whether it is still firing (otherwise only the action interval is restored). */
  readonly firing: boolean;
}

const EVENT_KINDS = new Set([IssueActivityKind.NEW, IssueActivityKind.REGRESSED, IssueActivityKind.OCCURRED]);

/** Evaluates error alert rules over issue activity. */
export class AlertRuleEngine {
  private readonly store: WindowStore;
  private readonly states = new Map<string, RuleState>();
  private readonly linkTemplate: string;
  private readonly baseUrl: string;

  /** An engine over validated rules (see `parseAlertRules`). */
  constructor(readonly rules: readonly AlertRule[], opts: AlertRuleEngineOptions = {}) {
    // Keep as much history as the longest rule needs, and at least the default hour the annotations report.
    const retentionMs = Math.max(3600_000, ...rules.map((r) => r.windowMs + (r.baselineWindowMs ?? 0) + 2 * BUCKET_MS));
    this.store = new WindowStore({ retentionMs, ...(opts.maxGroups ? { maxGroups: opts.maxGroups } : {}), ...(opts.maxEventIds ? { maxEventIds: opts.maxEventIds } : {}) });
    this.linkTemplate = opts.linkTemplate ?? DEFAULT_LINK_TEMPLATE;
    this.baseUrl = opts.baseUrl ?? '';
  }

  /**
   * Feeds one activity; returns the alerts that start or resolve because of it. The user
   * and tags come from the activity (`user_key`, `tags`) unless `context` overrides them.
   */
  observe(activity: IssueActivity, now: Date, override: EventContext = {}): RuleAlert[] {
    const context: EventContext = {
      userId: override.userId ?? (activity.userKey || undefined),
      tags: override.tags ?? (Object.keys(activity.tags).length > 0 ? activity.tags : undefined),
    };
    const nowMs = now.getTime();
    const out: RuleAlert[] = [];
    const isEvent = EVENT_KINDS.has(activity.kind);
    if (isEvent) {
      const atMs = activity.occurredAt ? Math.min(timestampMs(activity.occurredAt), nowMs) : nowMs;
      // A redelivered (or hopelessly late) event changes nothing, so it must not re-evaluate either.
      if (!this.store.add(activity.groupId, atMs, activity.eventId, context.userId, nowMs)) return out;
    }
    const closed = activity.kind === IssueActivityKind.RESOLVED || activity.kind === IssueActivityKind.IGNORED ||
      activity.status === GroupStatus.RESOLVED || activity.status === GroupStatus.IGNORED;
    for (const rule of this.rules) {
      const key = `${rule.name}\u0000${activity.groupId}`;
      const state = this.states.get(key);
      if (state) state.lastActivity = activity;
      if (closed) {
        if (state?.startsAt) out.push(this.resolve(state, now));
        continue;
      }
      if (!isEvent || !ruleApplies(rule, activity, context)) continue;
      if (!this.holds(rule, activity, nowMs)) continue;
      const s = state ?? { rule, groupId: activity.groupId, lastActivity: activity };
      this.states.set(key, s);
      if (s.startsAt) continue;
      if (s.lastFiredMs !== undefined && nowMs - s.lastFiredMs < rule.actionIntervalMs) continue;
      out.push(this.fire(s, activity, now));
    }
    return out;
  }

  /** Advances time: resolves alerts whose window condition ended or whose hold passed; prunes state. */
  tick(now: Date): RuleAlert[] {
    const nowMs = now.getTime();
    const out: RuleAlert[] = [];
    for (const [key, s] of this.states) {
      if (s.startsAt) {
        const ended = isCountRule(s.rule)
          ? !countConditionHolds(this.store, s.rule, s.groupId, nowMs)
          : nowMs >= s.startsAt.getTime() + s.rule.holdMs!;
        if (ended) out.push(this.resolve(s, now));
      } else if (s.lastFiredMs === undefined || nowMs - s.lastFiredMs >= s.rule.actionIntervalMs) {
        this.states.delete(key);
      }
    }
    this.store.prune(nowMs);
    return out;
  }

  /** Window snapshots of the groups that counted events since the last call (for persisting them). */
  changedWindows(): GroupSnapshot[] {
    return this.store.takeChanged();
  }

  /** Seeds one group's window from a snapshot (the service reads these from PostgreSQL at start). */
  restore(snapshot: GroupSnapshot, now: Date): void {
    this.store.restore(snapshot, now.getTime());
  }

  /** Rebuilds one rule's state for a group (firing alert or action interval); unknown rules are ignored. */
  restoreFiring(r: FiringRestore): void {
    const rule = this.rules.find((x) => x.name === r.rule);
    if (!rule) return;
    const key = `${rule.name}\u0000${r.activity.groupId}`;
    const s: RuleState = { rule, groupId: r.activity.groupId, lastActivity: r.activity, labels: r.labels, lastFiredMs: r.startsAt.getTime() };
    if (r.firing) s.startsAt = r.startsAt;
    this.states.set(key, s);
  }

  /** Every firing alert, for periodic re-posting (Alertmanager expects firing alerts to be re-sent). */
  active(now: Date): RuleAlert[] {
    return [...this.states.values()].filter((s) => s.startsAt).map((s) => this.build(s, now));
  }

  /** Number of groups in window state (for the memory bound). */
  get groupCount(): number {
    return this.store.size;
  }

  private holds(rule: AlertRule, activity: IssueActivity, nowMs: number): boolean {
    if (rule.type === 'new_issue') return activity.kind === IssueActivityKind.NEW;
    if (rule.type === 'regression') return activity.kind === IssueActivityKind.REGRESSED;
    return countConditionHolds(this.store, rule, activity.groupId, nowMs);
  }

  private fire(s: RuleState, activity: IssueActivity, now: Date): RuleAlert {
    s.labels = alertLabels(s.rule, activity);
    s.startsAt = now;
    s.lastFiredMs = now.getTime();
    return this.build(s, now);
  }

  private resolve(s: RuleState, now: Date): RuleAlert {
    const alert = this.build(s, now, now);
    delete s.startsAt;
    return alert;
  }

  private build(s: RuleState, now: Date, endsAt?: Date): RuleAlert {
    const a = s.lastActivity!;
    const link = groupLink(this.linkTemplate, this.baseUrl, a.projectId, a.groupId);
    const counts = windowCounts(this.store, s.rule, s.groupId, now.getTime(), true);
    return makeAlert(s.labels!, alertAnnotations(s.rule, a, counts, link), s.startsAt!, now, link, endsAt);
  }
}
