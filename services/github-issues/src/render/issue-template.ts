// Issue titles and bodies from Markdown templates. A template has `{{name}}` placeholders and
// `{{#name}}…{{/name}}` sections shown only when `name` is non-empty. Everything GitHub gets stays
// within its limits: titles 256 characters, bodies and comments 65536 (cut with a note), and the
// hidden marker that identifies the group always survives the cut.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** GitHub's maximum title length. */
export const MAX_TITLE = 256;
/** GitHub's maximum issue body and comment length. */
export const MAX_BODY = 65_536;

/** The built-in template of a Faultline group's issue. */
export const DEFAULT_GROUP_TEMPLATE = `## {{title}}
{{#culprit}}
\`{{culprit}}\`
{{/culprit}}

{{#exception}}
**Exception:** {{exception}}
{{/exception}}
{{#message}}
**Message:** {{message}}
{{/message}}

| | |
|---|---|
| Project | {{project}} |
{{#level}}| Level | {{level}} |
{{/level}}{{#environment}}| Environment | {{environment}} |
{{/environment}}{{#release}}| Release | {{release}} |
{{/release}}{{#first_seen}}| First seen | {{first_seen}} |
{{/first_seen}}{{#last_seen}}| Last seen | {{last_seen}} |
{{/last_seen}}{{#times_seen}}| Events | {{times_seen}} |
{{/times_seen}}{{#users_affected}}| Users affected | {{users_affected}} |
{{/users_affected}}{{#trace_id}}| Trace id | {{trace_id}} |
{{/trace_id}}

{{#stacktrace}}
### Stack trace (in-app frames)

{{stacktrace}}
{{/stacktrace}}
{{#browsers}}
### Browsers / OS

{{browsers}}
{{/browsers}}
{{#tags}}
### Tags

{{tags}}
{{/tags}}
{{#breadcrumbs}}
### Last breadcrumbs

{{breadcrumbs}}
{{/breadcrumbs}}
{{#extra}}
### Details

{{extra}}
{{/extra}}

{{#link}}
[Open in Faultline]({{link}})
{{/link}}
{{#event_link}}
[The latest event as JSON]({{event_link}})
{{/event_link}}
`;

/** The built-in template of an Alertmanager group's issue (the bridge). */
export const DEFAULT_ALERTMANAGER_TEMPLATE = `## {{title}}

Alertmanager group \`{{group_key}}\` (receiver \`{{receiver}}\`) is **{{status}}**.

{{alerts}}

{{#link}}
[Alertmanager]({{link}})
{{/link}}
`;

/** Values of a template's placeholders. */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

/** Fills a template: sections first (innermost content kept when the value is non-empty), then placeholders. */
export function renderTemplate(template: string, values: TemplateValues): string {
  const filled = template.replace(/\{\{#(\w+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g, (_m, name: string, inner: string) => (values[name]?.trim() ? inner : ''));
  return filled
    .replace(/\{\{(\w+)\}\}/g, (_m, name: string) => values[name] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Trims a title to GitHub's limit on one line. */
export function issueTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim() || 'Faultline issue';
  return line.length <= MAX_TITLE ? line : `${line.slice(0, MAX_TITLE - 1)}…`;
}

/**
 * Fits `body` (plus the `suffix` that must survive, e.g. the marker) into `max` characters: when
 * too long, the body is cut at a line boundary and a note saying so is added. Returns whether it cut.
 */
export function fitBody(body: string, suffix = '', max = MAX_BODY, link = ''): { text: string; truncated: boolean } {
  const tail = suffix ? `\n\n${suffix}` : '';
  if (body.length + tail.length <= max) return { text: body + tail, truncated: false };
  const note = `\n\n_… truncated by Faultline to fit GitHub's ${max}-character limit${link ? `; the full event is at ${link}` : ''}._`;
  let cut = body.slice(0, Math.max(0, max - tail.length - note.length));
  const nl = cut.lastIndexOf('\n');
  if (nl > cut.length - 2_000 && nl > 0) cut = cut.slice(0, nl);
  // An unclosed code fence would swallow the note and the marker.
  if ((cut.match(/```/g)?.length ?? 0) % 2 === 1) cut = `${cut.slice(0, Math.max(0, cut.length - 4))}\n\`\`\``;
  return { text: cut + note + tail, truncated: true };
}

/** Loads templates: `<dir>/<project>.md`, else `<dir>/default.md`, else the built-in one; re-read at most once a minute. */
export class TemplateSource {
  private readonly cache = new Map<string, { text: string; at: number }>();

  constructor(private readonly dir: string | undefined) {}

  /** The template for a project's group issues. */
  group(projectId: string): string {
    return this.load([`${projectId}.md`, 'default.md'], DEFAULT_GROUP_TEMPLATE);
  }

  /** The template for the Alertmanager bridge's issues. */
  alertmanager(): string {
    return this.load(['alertmanager.md'], DEFAULT_ALERTMANAGER_TEMPLATE);
  }

  private load(names: string[], fallback: string): string {
    if (!this.dir) return fallback;
    const key = names.join('|');
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < 60_000) return hit.text;
    const file = names.map((n) => join(this.dir!, n)).find((f) => existsSync(f));
    const text = file ? readFileSync(file, 'utf8') : fallback;
    this.cache.set(key, { text, at: Date.now() });
    return text;
  }
}
