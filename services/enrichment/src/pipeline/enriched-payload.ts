// Writing the `events.enriched` payload (UTF-8 JSON) from its JSON parts. The bytes are those of the
// message-based path (protobuf-es `toJson` of the EnrichedEvent without its event, then the
// scrubbed event added as the last member, then `JSON.stringify`); enriched-payload.spec.ts and
// json-path.spec.ts hold the two side by side. What makes it cheaper than one `JSON.stringify` of
// the whole object: a de-minified frame is shared by every event with a frame at that map
// position, and so are its JSON text and UTF-8 bytes (11 context lines, most of the payload),
// which are copied in instead of being escaped and encoded again for each event.
import { encodeMessage, NormalizedUrlSchema, PiiActionSchema, TraceContextSchema, type MessageInitShape } from '@faultline/contracts';
import { frameSymbolicationJsonText, sharedStackFrameJsonBytes, stackFrameJsonText, type SentryEventJson, type StackFrameJson, type SymbolicateJsonOutput } from '@faultline/sourcemaps';
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
  /** The frame records (and their shared text parts) from `symbolicateEventJson`. */
  symbolication: Pick<SymbolicateJsonOutput, 'frames' | 'tails'>;
  /** JSON text of the ParsedUserAgent (reused per User-Agent string). */
  userAgentText?: string;
  url?: MessageInitShape<typeof NormalizedUrlSchema>;
  pii: MessageInitShape<typeof PiiActionSchema>[];
  trace?: MessageInitShape<typeof TraceContextSchema>;
  /** The scrubbed event in canonical JSON. */
  event: SentryEventJson;
}

/**
 * Collects a payload as JSON text and ready UTF-8 byte runs (shared frames), then writes both into
 * one buffer: the frames' bytes are copied, never encoded again, and the payload never exists as
 * one flat string.
 */
class PayloadWriter {
  private readonly parts: (string | Uint8Array)[] = [];
  private text = '';
  /** The encoded size so far. */
  private bound = 0;

  write(text: string): void {
    this.text += text;
  }

  bytes(bytes: Uint8Array): void {
    this.endText();
    this.parts.push(bytes);
    this.bound += bytes.byteLength;
  }

  finish(): Uint8Array {
    this.endText();
    const out = Buffer.allocUnsafe(this.bound);
    let at = 0;
    for (const part of this.parts) {
      if (typeof part === 'string') {
        at = part.length <= 16 ? writeShort(out, part, at) : at + out.write(part, at);
      } else {
        out.set(part, at);
        at += part.byteLength;
      }
    }
    return at === out.byteLength ? out : out.subarray(0, at);
  }

  private endText(): void {
    if (this.text === '') return;
    this.parts.push(this.text);
    // Exact, so the buffer (external memory, which V8 counts towards collections) is no larger than the payload.
    this.bound += Buffer.byteLength(this.text);
    this.text = '';
  }
}

/** Writes a short string (the separators between shared frames): ASCII byte by byte, anything else by `Buffer#write`. */
function writeShort(out: Buffer, text: string, at: number): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) return at + out.write(text, at);
  }
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** The payload of an enriched event, UTF-8. */
export function enrichedPayload(p: EnrichedParts): Uint8Array {
  const w = new PayloadWriter();
  w.write(`{"project_id":${JSON.stringify(p.projectId)},"event_id":${JSON.stringify(p.eventId)}`);
  if (p.receivedAt !== undefined) w.write(`,"received_at":${JSON.stringify(p.receivedAt)}`);
  w.write(`,"enriched_at":${JSON.stringify(p.enrichedAt)}`);
  if (p.source !== undefined) w.write(`,"source":${JSON.stringify(p.source)}`);
  if (p.client !== undefined) w.write(`,"client":${JSON.stringify(p.client)}`);
  const parts: string[] = [];
  const records = p.symbolication.frames;
  if (records.length > 0) {
    let frames = '';
    for (let i = 0; i < records.length; i++) frames += i === 0 ? frameSymbolicationJsonText(p.symbolication, i) : `,${frameSymbolicationJsonText(p.symbolication, i)}`;
    parts.push(`"frames":[${frames}]`);
  }
  if (p.userAgentText !== undefined) parts.push(`"user_agent":${p.userAgentText}`);
  if (p.url !== undefined) parts.push(`"url":${encodeMessage(NormalizedUrlSchema, p.url)}`);
  if (p.pii.length > 0) parts.push(`"pii":[${p.pii.map((a) => encodeMessage(PiiActionSchema, a)).join(',')}]`);
  if (p.trace !== undefined) parts.push(`"trace":${encodeMessage(TraceContextSchema, p.trace)}`);
  w.write(`,"enrichment":{${parts.join(',')}},"event":`);
  writeEvent(w, p.event);
  w.write('}');
  return w.finish();
}

type Special = Record<string, (w: PayloadWriter, value: object) => void>;

/** Writes `JSON.stringify(value)` of an object whose object members named in `special` are written by those functions. */
function writeObject(w: PayloadWriter, value: Record<string, unknown>, special: Special): void {
  let first = true;
  for (const key in value) {
    const member = value[key];
    if (member === undefined) continue;
    const write = special[key];
    if (write !== undefined && member !== null && typeof member === 'object') {
      w.write(`${first ? '{' : ','}${JSON.stringify(key)}:`);
      write(w, member);
    } else {
      const text = JSON.stringify(member);
      if (text === undefined) continue;
      w.write(`${first ? '{' : ','}${JSON.stringify(key)}:${text}`);
    }
    first = false;
  }
  w.write(first ? '{}' : '}');
}

function writeFrames(w: PayloadWriter, frames: object): void {
  if (!Array.isArray(frames)) return w.write(JSON.stringify(frames));
  w.write('[');
  for (let i = 0; i < frames.length; i++) {
    if (i > 0) w.write(',');
    const frame = frames[i] as StackFrameJson;
    const bytes = sharedStackFrameJsonBytes(frame);
    if (bytes !== undefined) w.bytes(bytes);
    else w.write(stackFrameJsonText(frame));
  }
  w.write(']');
}

const STACKTRACE: Special = { frames: writeFrames };
const EXCEPTION_VALUE: Special = {
  stacktrace: (w, v) => (Array.isArray(v) ? w.write(JSON.stringify(v)) : writeObject(w, v as Record<string, unknown>, STACKTRACE)),
};
const EXCEPTION: Special = {
  values: (w, v) => {
    if (!Array.isArray(v)) return w.write(JSON.stringify(v));
    w.write('[');
    v.forEach((e: unknown, i) => {
      if (i > 0) w.write(',');
      if (e !== null && typeof e === 'object' && !Array.isArray(e)) writeObject(w, e as Record<string, unknown>, EXCEPTION_VALUE);
      else w.write(JSON.stringify(e) ?? 'null');
    });
    w.write(']');
  },
};
const EVENT: Special = { exception: (w, v) => (Array.isArray(v) ? w.write(JSON.stringify(v)) : writeObject(w, v as Record<string, unknown>, EXCEPTION)) };

function writeEvent(w: PayloadWriter, event: SentryEventJson): void {
  if (event.exception === undefined) w.write(JSON.stringify(event));
  else writeObject(w, event, EVENT);
}
