// Everything the batch writer needs of one enriched event, computed outside the transaction:
// its grouping (pure, libs/grouping), its row values and its raw JSON, gzip'd as a pack member.
import { timestampMs, type EnrichedEvent, type SentryUser } from '@faultline/contracts';
import { FingerprintCache, unscopedNamesOf, type CachedFingerprint, type FingerprintSummary, type FingerprintRule } from '@faultline/grouping';

/** One event, ready to be written. */
export interface PreparedEvent {
  projectId: number;
  eventId: string;
  /** The grouping result without its component trees (they are only needed to explain, and they are large). */
  fp: FingerprintSummary;
  /**
   * MinHash signature of its in-app frames, computed on first use: only events whose hashes are
   * all unknown need one (similarity lookup, or stored on the new group). Undefined when
   * similarity is off for the project or the event has no usable frames.
   */
  signature(): Uint32Array | undefined;
  /** Whether `signature()` was computed (and so is worth remembering in the index). */
  hasSignature(): boolean;
  timestamp: Date;
  receivedAt: Date;
  release: string | null;
  environment: string | null;
  level: string;
  message: string;
  url: string | null;
  browser: string | null;
  os: string | null;
  userKey: string | null;
  traceId: string | null;
  tags: Record<string, string>;
  /**
   * The enriched event as received (canonical JSON) plus "\n", as one gzip member (null when
   * object storage is off); it is all of the body the batch keeps while it waits.
   */
  member: Buffer | null;
  /** The pack the raw event is stored in (set when its batch is flushed; null when object storage is off). */
  objectKey: string | null;
  /** Byte offset of its member in the pack. */
  objectOffset: number | null;
  /** Byte length of its member in the pack. */
  objectLength: number | null;
  /** W3C traceparent of the message, carried by the activity. */
  traceparent?: string;
}

/** Per-project grouping inputs. */
export interface GroupingInputs {
  config: string;
  rules: readonly FingerprintRule[];
  similarity: boolean;
}

/** Why an event cannot be clustered (dead-lettered, never retried). */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

/**
 * The object key under which an event's raw JSON was stored on its own before packs
 * (`<project>/<yyyy-mm-dd of receipt>/<event id>.json.gz`); rows with such a key and no offset
 * are still read as whole objects.
 */
export function objectKeyOf(projectId: number, receivedAt: Date, eventId: string): string {
  return `${projectId}/${receivedAt.toISOString().slice(0, 10)}/${eventId}.json.gz`;
}

/** The user key: user id, else email, username or IP (as the activity contract says). */
export function userKeyOf(user: SentryUser | undefined): string | null {
  if (!user) return null;
  return user.id || user.email || user.username || user.ipAddress || null;
}

/** An uncached fingerprinter for callers without a cache of their own (tests). */
const NO_CACHE = new FingerprintCache({ maxEntries: 0 });

/**
 * Validates and prepares one enriched event. The result keeps nothing of `enriched` but the row
 * values: the signature, when needed, comes from the fingerprint cache's entry (or, for an event
 * the cache bypasses, from the event itself).
 */
export function prepareEvent(
  enriched: EnrichedEvent,
  inputs: GroupingInputs,
  fingerprints: FingerprintCache = NO_CACHE,
  onFingerprint?: (outcome: CachedFingerprint['outcome']) => void,
): PreparedEvent {
  const projectId = Number(enriched.projectId);
  if (!/^\d+$/.test(enriched.projectId) || !Number.isSafeInteger(projectId) || projectId <= 0 || projectId > 2_147_483_647) {
    throw new InvalidEventError(`project_id "${enriched.projectId}" is not a positive decimal id`);
  }
  if (!/^[0-9a-f]{32}$/.test(enriched.eventId)) throw new InvalidEventError(`event_id "${enriched.eventId}" is not 32 lowercase hex digits`);
  const event = enriched.event;
  if (!event) throw new InvalidEventError('enriched event has no `event`');
  const receivedAt = enriched.receivedAt ? new Date(timestampMs(enriched.receivedAt)) : new Date();
  const timestamp = event.timestamp ? new Date(timestampMs(event.timestamp)) : receivedAt;
  if (Number.isNaN(receivedAt.getTime()) || Number.isNaN(timestamp.getTime())) throw new InvalidEventError('event has an invalid timestamp');
  const cached = fingerprints.fingerprint(event, { config: inputs.config, rules: inputs.rules, unscopedNames: unscopedNamesOf(enriched.enrichment?.frames) });
  onFingerprint?.(cached.outcome);
  const fp = cached.result;
  let sig: Uint32Array | undefined | null = inputs.similarity && fp.source === 'default' ? null : undefined;
  let compute: (() => Uint32Array | undefined) | undefined = sig === null ? cached.signature : undefined;
  const signature = () => {
    if (sig === null) {
      sig = compute!();
      compute = undefined;
    }
    return sig;
  };
  const hasSignature = () => sig !== null && sig !== undefined;
  const ua = enriched.enrichment?.userAgent;
  const join = (a?: string, b?: string) => [a, b].filter(Boolean).join(' ') || null;
  const message = event.message?.formatted || event.message?.message || fp.title;
  return {
    projectId,
    eventId: enriched.eventId,
    fp,
    signature,
    hasSignature,
    timestamp,
    receivedAt,
    release: event.release || null,
    environment: event.environment || null,
    level: fp.level,
    message: message.slice(0, 1_000),
    url: event.request?.url || enriched.enrichment?.url?.url || null,
    browser: join(ua?.browserName, ua?.browserVersion),
    os: join(ua?.osName, ua?.osVersion),
    userKey: userKeyOf(event.user),
    traceId: enriched.enrichment?.trace?.traceId || null,
    tags: { ...event.tags },
    member: null,
    objectKey: null,
    objectOffset: null,
    objectLength: null,
  };
}
