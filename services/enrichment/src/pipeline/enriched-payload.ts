// Writing the `events.enriched` payload as text from its JSON parts. The bytes are those of the
// message-based path (protobuf-es `toJson` of the EnrichedEvent without its event, then the
// scrubbed event added as the last member, then `JSON.stringify`); enriched-payload.spec.ts and
// json-path.spec.ts hold the two side by side. What makes it cheaper than one `JSON.stringify` of
// the whole object: a de-minified frame is shared by every event with a frame at that map
// position, and so is its JSON text (11 context lines, most of the payload), which is spliced in
// instead of being escaped again for each event.
import { encodeMessage, NormalizedUrlSchema, PiiActionSchema, TraceContextSchema, type MessageInitShape } from '@faultline/contracts';
import { frameSymbolicationJsonText, stackFrameJsonText, type FrameSymbolicationJson, type SentryEventJson, type StackFrameJson } from '@faultline/sourcemaps';
import type { ClientInfoJson } from './ingested-decoder.js';

/** The members of an EnrichedEvent, in canonical JSON or as init shapes of their messages. */
export interface EnrichedParts {
  projectId: string;
  eventId: string;
  receivedAt?: string;
  /** Canonical JSON timestamp (`timestampJson`). */
  enrichedAt: string;
  source?: string;
  client?: ClientInfoJson;
  frames: FrameSymbolicationJson[];
  /** JSON text of the ParsedUserAgent (reused per User-Agent string). */
  userAgentText?: string;
  url?: MessageInitShape<typeof NormalizedUrlSchema>;
  pii: MessageInitShape<typeof PiiActionSchema>[];
  trace?: MessageInitShape<typeof TraceContextSchema>;
  /** The scrubbed event in canonical JSON. */
  event: SentryEventJson;
}

/** The payload text of an enriched event. */
export function enrichedPayload(p: EnrichedParts): string {
  let out = `{"project_id":${JSON.stringify(p.projectId)},"event_id":${JSON.stringify(p.eventId)}`;
  if (p.receivedAt !== undefined) out += `,"received_at":${JSON.stringify(p.receivedAt)}`;
  out += `,"enriched_at":${JSON.stringify(p.enrichedAt)}`;
  if (p.source !== undefined) out += `,"source":${JSON.stringify(p.source)}`;
  if (p.client !== undefined) out += `,"client":${JSON.stringify(p.client)}`;
  const parts: string[] = [];
  if (p.frames.length > 0) parts.push(`"frames":${listText(p.frames, frameSymbolicationJsonText)}`);
  if (p.userAgentText !== undefined) parts.push(`"user_agent":${p.userAgentText}`);
  if (p.url !== undefined) parts.push(`"url":${encodeMessage(NormalizedUrlSchema, p.url)}`);
  if (p.pii.length > 0) parts.push(`"pii":[${p.pii.map((a) => encodeMessage(PiiActionSchema, a)).join(',')}]`);
  if (p.trace !== undefined) parts.push(`"trace":${encodeMessage(TraceContextSchema, p.trace)}`);
  return `${out},"enrichment":{${parts.join(',')}},"event":${eventText(p.event)}}`;
}

type Special = Record<string, (value: unknown) => string>;

/** `[a,b,…]` by concatenation (V8 keeps the parts as a rope until the payload is encoded, once). */
function listText<T>(items: readonly T[], text: (item: T) => string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += i === 0 ? text(items[i]!) : `,${text(items[i]!)}`;
  return `${out}]`;
}

/** `JSON.stringify(value)` of an object whose members named in `special` are written by those functions. */
function objectText(value: Record<string, unknown>, special: Special): string {
  let out = '';
  for (const key in value) {
    const member = value[key];
    if (member === undefined) continue;
    const write = special[key];
    const text = write !== undefined && member !== null && typeof member === 'object' ? write(member) : JSON.stringify(member);
    if (text === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  return `{${out}}`;
}

const framesText = (frames: unknown): string => (Array.isArray(frames) ? listText(frames as StackFrameJson[], stackFrameJsonText) : JSON.stringify(frames));
const STACKTRACE: Special = { frames: framesText };
const EXCEPTION_VALUE: Special = { stacktrace: (v) => (Array.isArray(v) ? JSON.stringify(v) : objectText(v as Record<string, unknown>, STACKTRACE)) };
const EXCEPTION: Special = {
  values: (v) => (Array.isArray(v) ? `[${v.map((e) => (e !== null && typeof e === 'object' && !Array.isArray(e) ? objectText(e as Record<string, unknown>, EXCEPTION_VALUE) : JSON.stringify(e))).join(',')}]` : JSON.stringify(v)),
};
const EVENT: Special = { exception: (v) => (Array.isArray(v) ? JSON.stringify(v) : objectText(v as Record<string, unknown>, EXCEPTION)) };

/** `JSON.stringify(event)`, with shared frames' text reused. */
export function eventText(event: SentryEventJson): string {
  return event.exception === undefined ? JSON.stringify(event) : objectText(event, EVENT);
}
