// The payload decoder of the `clustering` consumer. Clustering reads the exception, message,
// fingerprint, level, release, environment, user, tags, request URL and the parsed user agent
// and trace, and stores the message body itself (as received) in object storage. It therefore
// decodes the enriched event without its bulky parts it never reads — breadcrumbs, extra,
// contexts, modules, debug meta and enrichment's per-frame and PII records — which are most of
// a typical 6 KB event and most of the decoding and garbage-collection cost. What remains is, in
// nearly every case, canonical JSON (enrichment writes it): it is checked to be canonical and turned
// into the message directly (`fromCanonicalJson` of @faultline/contracts); anything else goes through protobuf-es `fromJson`,
// which decodes it, or rejects it with the same ContractDecodeError, as before.
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { ContractDecodeError, EnrichedEventSchema, fromCanonicalJson, isCanonicalJson, type EnrichedEvent } from '@faultline/contracts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const EVENT_SKIPPED = ['breadcrumbs', 'extra', 'contexts', 'modules', 'debug_meta'];
const ENRICHMENT_SKIPPED = ['frames', 'pii'];

/** Decodes what clustering reads of an EnrichedEvent; throws ContractDecodeError on a bad body. */
export function decodeEnrichedForClustering(data: Uint8Array): EnrichedEvent {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(data));
  } catch (error) {
    throw new ContractDecodeError(EnrichedEventSchema.typeName, `payload is not valid UTF-8 JSON (${(error as Error).message})`, { cause: error });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ContractDecodeError(EnrichedEventSchema.typeName, 'payload must be a JSON object');
  }
  const o = json as Record<string, unknown>;
  const event = o.event as Record<string, unknown> | undefined;
  if (event && typeof event === 'object') for (const k of EVENT_SKIPPED) delete event[k];
  const enrichment = o.enrichment as Record<string, unknown> | undefined;
  if (enrichment && typeof enrichment === 'object') for (const k of ENRICHMENT_SKIPPED) delete enrichment[k];
  // Any member order: enrichment writes the event last, after `enrichment` (enriched-payload.ts).
  if (isCanonicalJson(EnrichedEventSchema, json, { anyMemberOrder: true })) return fromCanonicalJson<EnrichedEvent>(EnrichedEventSchema, json);
  return decodeExactly(json);
}

/** The exact route (and its error messages): protobuf-es `fromJson`. */
export function decodeExactly(json: unknown): EnrichedEvent {
  try {
    return fromJson(EnrichedEventSchema, json as JsonValue);
  } catch (error) {
    const detail = (error as Error).message.replace(/^cannot decode message \S+ from JSON: /, '');
    throw new ContractDecodeError(EnrichedEventSchema.typeName, detail, { cause: error });
  }
}
