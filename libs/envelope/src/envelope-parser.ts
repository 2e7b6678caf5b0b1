// The envelope framing (PROTOCOLS §1.4): `Headers { "\n" Item } [ "\n" ]`, `Item = Headers "\n" Payload`.
// Payloads are views into the request body (no copies: a 1 MiB event is not duplicated per request),
// so the caller must not reuse the body buffer while items are alive. Every error names the item and
// the byte offset so a user debugging a custom client sees where the framing went wrong.
import { DiscardReason } from '@faultline/contracts';
import { IngestError } from './errors.js';

/** The envelope's first line; unknown keys are kept, as the protocol requires. */
export interface EnvelopeHeader {
  event_id?: string;
  dsn?: string;
  sent_at?: string;
  sdk?: unknown;
  [k: string]: unknown;
}

/** One item: its type, its declared length (if any), its whole header, and its payload bytes (a view into the body). */
export interface EnvelopeItem {
  type: string;
  length?: number;
  header: Record<string, unknown>;
  payload: Uint8Array;
}

/** A parsed envelope: header plus items in order, unknown item types included. */
export interface ParsedEnvelope {
  header: EnvelopeHeader;
  items: EnvelopeItem[];
}

/** Limits checked while parsing, so an oversized envelope is refused before its items are looked at. */
export interface EnvelopeLimits {
  maxItems: number;
  maxItemBytes: number;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses an envelope body or throws IngestError ('invalid_envelope' or 'too_large') saying which item and byte offset. */
export function parseEnvelope(body: Uint8Array, limits: EnvelopeLimits): ParsedEnvelope {
  if (body.byteLength === 0) throw envelopeError('empty envelope');
  const headerEnd = lineEnd(body, 0);
  const header = parseEnvelopeHeaderLine(body, headerEnd);
  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  for (;;) {
    pos = skipBlank(body, pos);
    if (pos >= body.byteLength) break;
    const index = items.length;
    if (index >= limits.maxItems) {
      throw new IngestError('too_large', `envelope has more than ${limits.maxItems} items (item ${index} starts at byte ${pos})`, DiscardReason.PAYLOAD_TOO_LARGE);
    }
    const itemHeaderEnd = lineEnd(body, pos);
    const where = `item ${index} at byte ${pos}`;
    const itemHeader = parseHeaderJson(body, pos, itemHeaderEnd, `${where}: item header`);
    const type = itemHeader.type;
    if (typeof type !== 'string' || type === '') throw envelopeError(`${where}: item header has no "type"`);
    const declared = itemHeader.length;
    const payloadStart = Math.min(itemHeaderEnd + 1, body.byteLength);
    let payloadEnd: number;
    if (declared === undefined || declared === null) {
      payloadEnd = lineEnd(body, payloadStart);
      if (payloadEnd - payloadStart > limits.maxItemBytes) throw tooLarge(where, type, payloadEnd - payloadStart, limits.maxItemBytes);
    } else {
      if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
        throw envelopeError(`${where}: item header "length" must be a non-negative integer, got ${JSON.stringify(declared)}`);
      }
      if (declared > limits.maxItemBytes) throw tooLarge(where, type, declared, limits.maxItemBytes);
      payloadEnd = payloadStart + declared;
      if (payloadEnd > body.byteLength) {
        throw envelopeError(
          `${where}: truncated payload: "length" is ${declared} bytes but only ${body.byteLength - payloadStart} remain after byte ${payloadStart}`,
        );
      }
      if (payloadEnd < body.byteLength && body[payloadEnd] !== NEWLINE) {
        throw envelopeError(`${where}: payload of declared length ${declared} is not followed by a newline at byte ${payloadEnd} (wrong "length"?)`);
      }
    }
    const item: EnvelopeItem = { type, header: itemHeader, payload: body.subarray(payloadStart, payloadEnd) };
    if (typeof declared === 'number') item.length = declared;
    items.push(item);
    pos = payloadEnd + 1;
  }
  return { header, items };
}

/** Parses only the first line, so the service can authenticate by `dsn` before paying for the full parse. */
export function readEnvelopeHeader(body: Uint8Array): EnvelopeHeader {
  if (body.byteLength === 0) throw envelopeError('empty envelope');
  return parseEnvelopeHeaderLine(body, lineEnd(body, 0));
}

function parseEnvelopeHeaderLine(body: Uint8Array, end: number): EnvelopeHeader {
  const header = parseHeaderJson(body, 0, end, 'envelope header (byte 0)') as EnvelopeHeader;
  if (header.event_id !== undefined && header.event_id !== null) {
    if (typeof header.event_id !== 'string' || !/^[0-9a-f]{32}$/i.test(header.event_id.replace(/-/g, ''))) {
      throw envelopeError(`envelope header: event_id must be a UUID, got ${JSON.stringify(header.event_id)}`);
    }
  }
  if (header.dsn !== undefined && typeof header.dsn !== 'string') throw envelopeError('envelope header: dsn must be a string');
  if (header.sent_at !== undefined && header.sent_at !== null && typeof header.sent_at !== 'string') {
    throw envelopeError('envelope header: sent_at must be an RFC 3339 string');
  }
  return header;
}

function parseHeaderJson(body: Uint8Array, start: number, end: number, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(body.subarray(start, end));
  } catch {
    throw envelopeError(`${what}: not valid UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw envelopeError(`${what}: invalid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw envelopeError(`${what}: must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Index of the next newline at or after `from`, or the body length when the line runs to the end. */
function lineEnd(body: Uint8Array, from: number): number {
  const i = body.indexOf(NEWLINE, from);
  return i < 0 ? body.byteLength : i;
}

/** Skips whitespace between items: Relay reads item headers with a JSON stream, which tolerates blank lines (and CRLF). */
function skipBlank(body: Uint8Array, pos: number): number {
  while (pos < body.byteLength) {
    const b = body[pos];
    if (b !== NEWLINE && b !== 0x0d && b !== 0x20 && b !== 0x09) break;
    pos++;
  }
  return pos;
}

function envelopeError(message: string): IngestError {
  return new IngestError('invalid_envelope', message, DiscardReason.ENVELOPE_INVALID);
}

function tooLarge(where: string, type: string, size: number, max: number): IngestError {
  const reason = type === 'event' || type === 'transaction' ? DiscardReason.EVENT_TOO_LARGE : DiscardReason.PAYLOAD_TOO_LARGE;
  return new IngestError('too_large', `${where}: envelope exceeded size limits for type '${type}' (${size} bytes, limit ${max} bytes)`, reason);
}
