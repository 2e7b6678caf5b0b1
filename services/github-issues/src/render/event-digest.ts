// What an issue body shows of the error itself: the latest event of the group (the enriched event
// clustering stored gzip'd in object storage, found through its row in PostgreSQL) rendered as the
// template's `exception`, `message`, `stacktrace` (top in-app frames with the original
// file:line:column, function and source context from the maps), `breadcrumbs`, `tags`,
// `trace_id` and `browsers` (the group's browser / OS breakdown). Notifications stay small (they
// carry counts and links); the event is read once, when the issue is created.
//
// The tables are clustering's (`events`: project_id, group_id, object_key, object_offset,
// object_length, browser, os, received_at); services share the database but not code, so the
// query is written here. An event's raw JSON is its own gzip member of a pack (read with a range
// request) or, for rows written before packs (NULL offset), a whole object.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeMessage, EnrichedEventSchema, type SentryEvent, type StackFrame } from '@faultline/contracts';
import type { ObjectStorage } from '@faultline/platform-storage';
import type { DataSource } from 'typeorm';

/** Frames shown, innermost first. */
const MAX_FRAMES = 5;
const MAX_BREADCRUMBS = 10;
const MAX_TAGS = 20;
/** Context lines longer than this are cut (minified lines would flood the body). */
const MAX_LINE = 200;

export type EventDigest = Readonly<Record<string, string>>;

/** Where a stored event's raw JSON is. */
interface StoredRef {
  object_key: string | null;
  object_offset: string | null;
  object_length: number | null;
}

interface LatestRow extends StoredRef {
  event_id: string;
  trace_id: string | null;
  message: string;
}

/** Reads and renders the latest event of a group; an empty digest when there is nothing to read. */
export class EventDigestReader {
  constructor(
    private readonly ds: DataSource,
    private readonly storage: ObjectStorage | undefined,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly links: EventLinks = new EventLinks(undefined, undefined),
  ) {}

  /** The enriched event JSON of one stored event, or undefined when it is not (or no longer) stored. */
  async rawEvent(projectId: string, eventId: string): Promise<Buffer | undefined> {
    if (!this.storage || !/^\d+$/.test(projectId) || !/^[0-9a-f]{32}$/.test(eventId)) return undefined;
    const rows: StoredRef[] = await this.ds.query('SELECT object_key, object_offset, object_length FROM events WHERE project_id = $1 AND event_id = $2', [
      Number(projectId),
      eventId,
    ]);
    return rows[0]?.object_key ? this.readStored(rows[0]) : undefined;
  }

  private readStored(ref: StoredRef): Promise<Buffer> {
    return this.storage!.getGunzipRange(ref.object_key!, ref.object_offset === null ? null : Number(ref.object_offset), ref.object_length);
  }

  async read(projectId: string, groupId: string): Promise<EventDigest> {
    if (!/^\d+$/.test(projectId) || !/^\d+$/.test(groupId)) return {};
    try {
      const rows: LatestRow[] = await this.ds.query(
        'SELECT event_id, object_key, object_offset, object_length, trace_id, message FROM events WHERE project_id = $1 AND group_id = $2 ORDER BY received_at DESC LIMIT 1',
        [Number(projectId), groupId],
      );
      const latest = rows[0];
      if (!latest) return {};
      const breakdown: { browser: string | null; os: string | null; n: string }[] = await this.ds.query(
        'SELECT browser, os, count(*) AS n FROM events WHERE project_id = $1 AND group_id = $2 GROUP BY browser, os ORDER BY count(*) DESC LIMIT 5',
        [Number(projectId), groupId],
      );
      const digest: Record<string, string> = {
        ...(latest.trace_id ? { trace_id: latest.trace_id } : {}),
        ...(breakdown.length > 0 ? { browsers: browsersMarkdown(breakdown) } : {}),
      };
      if (latest.object_key && this.storage) {
        const link = this.links.link(projectId, latest.event_id);
        if (link) digest.event_link = link;
        const body = await this.readStored(latest);
        const enriched = decodeMessage(EnrichedEventSchema, body);
        if (enriched.event) Object.assign(digest, eventDigest(enriched.event));
      } else if (latest.message) {
        digest.message = latest.message;
      }
      return digest;
    } catch (error) {
      // The issue is still worth creating with what the notification says.
      this.onError(error);
      return {};
    }
  }
}

/** The template values an event provides. */
export function eventDigest(event: SentryEvent): Record<string, string> {
  const digest: Record<string, string> = {};
  const exceptions = event.exception?.values ?? [];
  const main = exceptions.at(-1);
  if (main) digest.exception = `\`${main.type || 'Error'}\`${main.value ? `: ${main.value}` : ''}`;
  const message = event.message?.formatted || event.message?.message;
  if (message && message !== main?.value) digest.message = message;
  const frames = main?.stacktrace?.frames ?? [];
  if (frames.length > 0) digest.stacktrace = stacktraceMarkdown(frames);
  const crumbs = event.breadcrumbs?.values ?? [];
  if (crumbs.length > 0) digest.breadcrumbs = breadcrumbsMarkdown(crumbs.slice(-MAX_BREADCRUMBS));
  const tags = Object.entries(event.tags ?? {}).slice(0, MAX_TAGS);
  if (tags.length > 0) digest.tags = table(['Tag', 'Value'], tags.map(([k, v]) => [k, v]));
  const trace = (event.contexts as { trace?: { trace_id?: unknown } } | undefined)?.trace?.trace_id;
  if (typeof trace === 'string' && trace) digest.trace_id = trace;
  return digest;
}

/** The innermost in-app frames (all frames when none is in-app), each with its source context. */
export function stacktraceMarkdown(frames: readonly StackFrame[]): string {
  const inApp = frames.filter((f) => f.inApp === true);
  const shown = (inApp.length > 0 ? inApp : frames).slice(-MAX_FRAMES).reverse();
  return shown
    .map((frame) => {
      const file = frame.filename || frame.absPath || frame.module || '<unknown>';
      const where = `${file}${frame.lineno ? `:${frame.lineno}${frame.colno ? `:${frame.colno}` : ''}` : ''}`;
      const head = `- \`${where}\`${frame.function ? ` in \`${frame.function}\`` : ''}`;
      if (!frame.contextLine) return head;
      const first = frame.lineno - frame.preContext.length;
      const lines = [...frame.preContext, frame.contextLine, ...frame.postContext];
      const width = String(first + lines.length).length;
      const code = lines
        .map((line, i) => `${i === frame.preContext.length ? '>' : ' '} ${String(first + i).padStart(width)} | ${cut(line)}`)
        .join('\n');
      return `${head}\n\n  \`\`\`\n${code.replace(/^/gm, '  ')}\n  \`\`\``;
    })
    .join('\n');
}

function breadcrumbsMarkdown(crumbs: readonly { timestamp?: { seconds: bigint; nanos: number }; category: string; level: string; message: string }[]): string {
  return table(
    ['Time', 'Category', 'Message'],
    crumbs.map((c) => [c.timestamp ? new Date(Number(c.timestamp.seconds) * 1000 + Math.floor(c.timestamp.nanos / 1e6)).toISOString() : '', c.category, c.message]),
  );
}

function browsersMarkdown(rows: readonly { browser: string | null; os: string | null; n: string }[]): string {
  return table(['Browser', 'OS', 'Events'], rows.map((r) => [r.browser ?? 'unknown', r.os ?? 'unknown', r.n]));
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => cut(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function cut(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text;
}

/** Signs links to raw events: `sig` is an HMAC of `<project>/<event id>` under the service's secret. */
export class EventLinks {
  constructor(
    private readonly publicUrl: string | undefined,
    private readonly secret: string | undefined,
  ) {}

  /** The link to an event's JSON, or undefined when no public URL or secret is configured. */
  link(projectId: string, eventId: string): string | undefined {
    if (!this.publicUrl || !this.secret) return undefined;
    return `${this.publicUrl.replace(/\/$/, '')}/api/v1/events/${encodeURIComponent(projectId)}/${encodeURIComponent(eventId)}?sig=${this.sign(projectId, eventId)}`;
  }

  /** Whether `sig` is the signature of this event (constant-time). */
  verify(projectId: string, eventId: string, sig: string | undefined): boolean {
    if (!this.secret || !sig) return false;
    const expected = Buffer.from(this.sign(projectId, eventId));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(projectId: string, eventId: string): string {
    // Domain-separated from webhook signatures, which use the same secret.
    return createHmac('sha256', this.secret!).update(`faultline-event-link:${projectId}/${eventId}`).digest('hex');
  }
}
