// The payload decoder of the `enrichment` consumer. Enrichment republishes the whole event, so it
// keeps the IngestedEvent in its canonical JSON form from decode to publish: `JSON.parse`, then a
// check that the object is already what protobuf-es would write (isCanonicalJson). A payload that
// is not (another valid spelling of the same message) is decoded and re-encoded by protobuf-es,
// exactly as before; one that is not a valid IngestedEvent fails the same way as before
// (ContractDecodeError, so the transport dead-letters it).
import { toJson } from '@bufbuild/protobuf';
import { ContractDecodeError, decodeMessage, IngestedEventSchema, isCanonicalJson } from '@faultline/contracts';
import type { SentryEventJson } from '@faultline/sourcemaps';

/** A `faultline.v1.ClientInfo` in canonical JSON. */
export interface ClientInfoJson {
  sdk_name?: string;
  sdk_version?: string;
  client_ip?: string;
  user_agent?: string;
  origin?: string;
}

/** A `faultline.v1.IngestedEvent` in canonical JSON (snake_case names, defaults left out, member order of the fields). */
export interface IngestedEventJson {
  project_id?: string;
  event_id?: string;
  received_at?: string;
  sent_at?: string;
  source?: string;
  client?: ClientInfoJson;
  public_key?: string;
  event?: SentryEventJson;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes an `events.ingested` payload into canonical JSON; throws ContractDecodeError on a bad body. */
export function decodeIngestedJson(data: Uint8Array | string): IngestedEventJson {
  let text: string;
  try {
    text = typeof data === 'string' ? data : utf8.decode(data);
  } catch {
    return slow(data);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return slow(text);
  }
  return isCanonicalJson(IngestedEventSchema, json) ? (json as IngestedEventJson) : slow(text);
}

/** The exact route (and its error messages): protobuf-es decode, then its canonical JSON. */
function slow(data: Uint8Array | string): IngestedEventJson {
  const message = decodeMessage(IngestedEventSchema, data);
  try {
    return toJson(IngestedEventSchema, message) as IngestedEventJson;
  } catch (error) {
    throw new ContractDecodeError(IngestedEventSchema.typeName, (error as Error).message, { cause: error });
  }
}
