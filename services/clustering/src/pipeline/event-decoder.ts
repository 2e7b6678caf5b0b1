// The payload decoder of the `clustering` consumer. Clustering reads the exception, message,
// fingerprint, level, release, environment, user, tags, request URL and the parsed user agent
// and trace, and stores the message body itself (as received) in object storage. It therefore
// decodes the enriched event without its bulky parts it never reads — breadcrumbs, extra,
// contexts, modules, debug meta, enrichment's PII records and all of its per-frame records but the
// few grouping reads (keepScopeNamed) — which are most of
// a typical 6 KB event and most of the decoding and garbage-collection cost. What remains is, in
// nearly every case, canonical JSON (enrichment writes it): it is checked to be canonical and turned
// into the message directly (`fromCanonicalJson` of @faultline/contracts); anything else goes through protobuf-es `fromJson`,
// which decodes it, or rejects it with the same ContractDecodeError, as before.
import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { ContractDecodeError, EnrichedEventSchema, fromCanonicalJson, isCanonicalJson, type EnrichedEvent } from '@faultline/contracts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const EVENT_SKIPPED = ['breadcrumbs', 'extra', 'contexts', 'modules', 'debug_meta'];
const ENRICHMENT_SKIPPED = ['pii'];

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
  if (enrichment && typeof enrichment === 'object') {
    for (const k of ENRICHMENT_SKIPPED) delete enrichment[k];
    keepScopeNamed(enrichment);
  }
  // Any member order: enrichment writes the event last, after `enrichment` (enriched-payload.ts).
  if (isCanonicalJson(EnrichedEventSchema, json, { anyMemberOrder: true })) return fromCanonicalJson<EnrichedEvent>(EnrichedEventSchema, json);
  return decodeExactly(json);
}

/**
 * Of enrichment's per-frame records, grouping reads only which frames are named by their scope and
 * what they were called before (`scope_name`, `raw_frame.function`; see `unscopedNames`): those
 * are kept, rewritten to just that, and the rest dropped. A malformed record is dropped too, as
 * all of them were before, rather than failing the event.
 */
function keepScopeNamed(enrichment: Record<string, unknown>): void {
  const frames = enrichment.frames;
  delete enrichment.frames;
  if (!Array.isArray(frames)) return;
  const kept: unknown[] = [];
  for (const record of frames as Record<string, unknown>[]) {
    if (record === null || typeof record !== 'object' || record.scope_name !== true) continue;
    const { exception_index: e, frame_index: f } = record;
    const fn = (record.raw_frame as Record<string, unknown> | undefined)?.function;
    if (!isIndex(e) || !isIndex(f) || (fn !== undefined && typeof fn !== 'string')) continue;
    kept.push({ exception_index: e, frame_index: f, raw_frame: fn ? { function: fn } : {}, scope_name: true });
  }
  if (kept.length > 0) enrichment.frames = kept;
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff;

/** The exact route (and its error messages): protobuf-es `fromJson`. */
export function decodeExactly(json: unknown): EnrichedEvent {
  try {
    return fromJson(EnrichedEventSchema, json as JsonValue);
  } catch (error) {
    const detail = (error as Error).message.replace(/^cannot decode message \S+ from JSON: /, '');
    throw new ContractDecodeError(EnrichedEventSchema.typeName, detail, { cause: error });
  }
}
