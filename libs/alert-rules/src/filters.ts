// Whether a rule applies to an activity: its project list and its filters, checked against the
// triggering event. Count conditions then look at every event of the group (as Sentry's issue alerts
// do): filters pick which events may trigger an alert, not which ones are counted.
import { type IssueActivity } from '@faultline/contracts';
import { matchesAnyGlob } from './config/glob.js';
import { type AlertRule } from './config/rule-config.js';

/** What the activity message does not carry but the event had: the user and the tags. */
export interface EventContext {
  /** The event's user identifier (id, email, ip or username: whatever identifies the user). */
  readonly userId?: string;
  /** The event's tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Whether `rule` applies to `activity` (project and every filter). */
export function ruleApplies(rule: AlertRule, activity: IssueActivity, context: EventContext): boolean {
  if (rule.projects && !rule.projects.includes(activity.projectId)) return false;
  const f = rule.filters;
  if (f.level && !f.level.includes(activity.level)) return false;
  if (f.environment && !f.environment.includes(activity.environment)) return false;
  if (f.release && !matchesAnyGlob(f.release, activity.release)) return false;
  if (f.tags) {
    for (const [name, glob] of Object.entries(f.tags)) {
      const value = context.tags?.[name];
      if (value === undefined || !glob.test(value)) return false;
    }
  }
  return true;
}
