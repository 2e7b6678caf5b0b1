// What a Faultline group's issue and comments say, from one alert of a notification (labels carry
// project, group_id, level, environment; annotations carry title, culprit, counts, release, link —
// see libs/alert-rules/src/alert-builder.ts).
import { fitBody, issueTitle, renderTemplate, type TemplateValues } from './issue-template.js';

/** The alert fields the renderer reads. */
export interface AlertView {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly status: string;
  readonly generatorURL?: string;
}

/** The hidden marker identifying a group's issue: `<!-- faultline:group=<project>/<group_id> -->`. */
export function groupMarker(projectId: string, groupId: string): string {
  return `<!-- faultline:group=${projectId}/${groupId} -->`;
}

// Annotations the template places itself; any other annotation is listed under "Details".
const KNOWN = new Set([
  'title', 'summary', 'description', 'culprit', 'exception', 'message', 'release', 'first_seen', 'last_seen', 'times_seen', 'users_affected',
  'events_in_window', 'users_in_window', 'link', 'event_link', 'stacktrace', 'breadcrumbs', 'trace_id', 'tags', 'browsers',
]);

/** The placeholder values of a group issue. */
export function groupValues(alert: AlertView, digest: Readonly<Record<string, string>> = {}): TemplateValues {
  // The event's own rendering (stack trace, breadcrumbs, …) fills what the annotations leave out.
  const a = { ...digest, ...alert.annotations };
  const l = alert.labels;
  const extra = Object.entries(a)
    .filter(([k]) => !KNOWN.has(k))
    .map(([k, v]) => `- **${k}**: ${v}`)
    .join('\n');
  return {
    ...a,
    title: a.title ?? a.summary ?? l.alertname ?? 'Faultline issue',
    project: l.project ?? '',
    group_id: l.group_id ?? '',
    level: l.level ?? '',
    environment: l.environment ?? '',
    release: a.release ?? '',
    link: a.link ?? alert.generatorURL ?? '',
    extra,
  };
}

/** Title and body (marker included, within GitHub's limit) of a new group issue. */
export function groupIssue(template: string, alert: AlertView, digest: Readonly<Record<string, string>> = {}): { title: string; body: string; truncated: boolean } {
  const values = groupValues(alert, digest);
  const marker = groupMarker(values.project ?? '', values.group_id ?? '');
  const { text, truncated } = fitBody(renderTemplate(template, values), marker, undefined, values.link);
  return { title: issueTitle(values.title ?? ''), body: text, truncated };
}

/** The periodic update comment: counts since the previous one. */
export function updateComment(alert: AlertView, previousSeen: number, since: Date | null): string {
  const a = alert.annotations;
  const seen = Number(a.times_seen ?? 0);
  const lines = [
    `**Still happening.** ${Number.isFinite(seen) && seen >= previousSeen ? `${seen - previousSeen} new event(s)` : 'New events'}${since ? ` since ${since.toISOString()}` : ''}` +
      `${a.times_seen ? ` (${a.times_seen} in total` : ''}${a.users_affected ? `, ${a.users_affected} user(s) affected` : ''}${a.times_seen ? ')' : ''}.`,
  ];
  if (a.last_seen) lines.push(`Last seen ${a.last_seen}${a.release ? ` in release \`${a.release}\`` : ''}.`);
  if (a.link) lines.push(`[Open in Faultline](${a.link})`);
  return fitBody(lines.join('\n\n')).text;
}

/** The comment posted when a regression reopens the issue. */
export function regressionComment(alert: AlertView): string {
  const release = alert.annotations.release;
  return fitBody(`**Regression**: this error came back${release ? ` in release \`${release}\`` : ''} after it was resolved, so Faultline reopened the issue.` +
    `${alert.annotations.link ? `\n\n[Open in Faultline](${alert.annotations.link})` : ''}`).text;
}

/** The optional comment when the group's alert resolves. */
export function resolvedComment(alert: AlertView): string {
  return `**Resolved**: Faultline's alert for this error resolved${alert.annotations.last_seen ? ` (last seen ${alert.annotations.last_seen})` : ''}.`;
}
