// Turns a rule, a group's latest activity and its window counts into the alert libs/routing's
// Dispatcher takes. Labels identify the alert (and so its fingerprint) and are fixed when it starts,
// so a later event from another environment updates the same alert instead of forking a new one.
import { type IssueActivity, timestampDate } from '@faultline/contracts';
import { type Alert, type LabelSet, fingerprint, withoutEmptyLabels } from '@faultline/routing';
import { type AlertRule } from './config/rule-config.js';
import { type WindowCounts } from './windows/group-window.js';

/** A routing `Alert` plus its Alertmanager fingerprint, as the engine emits it. */
export interface RuleAlert extends Alert {
  /** Alertmanager's fingerprint of `labels` (FNV-1a 64, 16 hex digits). */
  readonly fingerprint: string;
}

/** The link to a group in the Faultline UI; `{base_url}`, `{project}` and `{group_id}` are replaced. */
export const DEFAULT_LINK_TEMPLATE = '{base_url}/projects/{project}/issues/{group_id}';

/**
 * Fills the link template for one group; empty (no `link` annotation, no `generatorURL`) when the
 * template starts from `{base_url}` and no base URL is configured, since a path alone would be
 * resolved against wherever it is shown (github.com, in a GitHub issue) and lead nowhere.
 */
export function groupLink(template: string, baseUrl: string, projectId: string, groupId: string): string {
  if (baseUrl === '' && template.includes('{base_url}')) return '';
  return template.replaceAll('{base_url}', baseUrl).replaceAll('{project}', projectId).replaceAll('{group_id}', groupId);
}

/** The identifying labels of a rule's alert for the group of `activity`. */
export function alertLabels(rule: AlertRule, activity: IssueActivity): LabelSet {
  return withoutEmptyLabels({
    ...rule.labels,
    alertname: rule.name,
    project: activity.projectId,
    group_id: activity.groupId,
    level: activity.level,
    environment: activity.environment,
    severity: rule.severity,
  });
}

/** The annotations describing the group now; configured extras never hide the engine's own. */
export function alertAnnotations(rule: AlertRule, activity: IssueActivity, counts: WindowCounts, link: string): LabelSet {
  const iso = (t: IssueActivity['firstSeen']) => (t ? timestampDate(t).toISOString() : '');
  const out: Record<string, string> = {
    ...rule.annotations,
    title: activity.title,
    culprit: activity.culprit,
    events_in_window: String(counts.events),
    users_in_window: String(counts.users),
    times_seen: String(activity.timesSeen),
    users_affected: String(activity.usersAffected),
    first_seen: iso(activity.firstSeen),
    last_seen: iso(activity.lastSeen),
    release: activity.release,
    link,
  };
  for (const k of Object.keys(out)) if (out[k] === '') delete out[k];
  return out;
}

/** Assembles an alert; `endsAt` given means resolved at that time. */
export function makeAlert(labels: LabelSet, annotations: LabelSet, startsAt: Date, updatedAt: Date, link: string, endsAt?: Date): RuleAlert {
  return { labels, annotations, startsAt, updatedAt, generatorURL: link, fingerprint: fingerprint(labels), ...(endsAt ? { endsAt } : {}) };
}
