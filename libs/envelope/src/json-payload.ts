// Item payloads and /store/ bodies are JSON; a bad one is an 'invalid_json' rejection naming the item.
import { DiscardReason } from '@faultline/contracts';
import { IngestError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 JSON bytes or throws IngestError('invalid_json') prefixed with `what` (e.g. "item 0 (event)"). */
export function parseJsonPayload(payload: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    throw new IngestError('invalid_json', `${what}: payload is not valid UTF-8`, DiscardReason.JSON_INVALID);
  }
  if (text.trim() === '') throw new IngestError('invalid_json', `${what}: payload is empty`, DiscardReason.JSON_INVALID);
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8's message carries the position ("… in JSON at position 17"), which is the "where" the user needs.
    throw new IngestError('invalid_json', `${what}: invalid JSON (${err instanceof Error ? err.message : String(err)})`, DiscardReason.JSON_INVALID);
  }
}
