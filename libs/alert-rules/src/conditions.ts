// The count conditions of frequency, users and spike rules over a group's window state. Kept apart
// from the engine so the one definition serves both `observe` (firing) and `tick` (resolving).
import { type AlertRule } from './config/rule-config.js';
import { BUCKET_MS, type WindowCounts } from './windows/group-window.js';
import { type WindowStore } from './windows/window-store.js';

/** Counts of the rule's window for `groupId` at `nowMs`. */
export function windowCounts(store: WindowStore, rule: AlertRule, groupId: string, nowMs: number, withUsers: boolean): WindowCounts {
  const from = nowMs - rule.windowMs;
  return withUsers ? store.counts(groupId, from, nowMs) : { events: store.events(groupId, from, nowMs), users: 0 };
}

/**
 * Whether a count rule's condition holds. frequency and users fire on strictly more than `threshold`
 * ("more than N"); spike fires when the window has at least `threshold` events and its rate is at
 * least `factor` × the average rate over the baseline period just before the window.
 */
export function countConditionHolds(store: WindowStore, rule: AlertRule, groupId: string, nowMs: number): boolean {
  switch (rule.type) {
    case 'frequency':
      return windowCounts(store, rule, groupId, nowMs, false).events > rule.threshold!;
    case 'users':
      return windowCounts(store, rule, groupId, nowMs, true).users > rule.threshold!;
    case 'spike': {
      const events = windowCounts(store, rule, groupId, nowMs, false).events;
      if (events < rule.threshold!) return false;
      // One bucket of gap, so the bucket overlapping the window's start is not in both.
      const baselineEnd = nowMs - rule.windowMs - BUCKET_MS;
      const baseline = store.events(groupId, baselineEnd - rule.baselineWindowMs!, baselineEnd);
      return events / rule.windowMs >= rule.factor! * (baseline / rule.baselineWindowMs!);
    }
    default:
      return false;
  }
}

/** Whether the rule counts events over a window (as opposed to firing on one activity kind). */
export function isCountRule(rule: AlertRule): boolean {
  return rule.type === 'frequency' || rule.type === 'users' || rule.type === 'spike';
}
