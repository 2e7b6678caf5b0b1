// Turns a Sentry event JSON (an envelope `event` item, a /store/ body, or a converted /api/v1/report
// body) into the contract's SentryEvent. The message is built field by field from what the contract
// knows: unknown top-level keys are dropped here because the stream decoder rejects unknown keys.
import { DiscardReason, SentryEventSchema, type MessageInitShape } from '@faultline/contracts';
import { describeJson, IngestError, invalidEvent } from './errors.js';
import { normalizeBreadcrumbs, normalizeDebugMeta, normalizeLogEntry, normalizeRequest, normalizeSdk, normalizeUser } from './event-parts.js';
import { normalizeExceptions } from './exception-normalizer.js';
import { isRecord, optLenientString, optString, optStringList, optStringMap, optStruct } from './json-readers.js';
import { optTimestamp, timestampOfDate } from './timestamp.js';

/** How to normalise: the receive time (the default timestamp), caps, and where event ids come from. */
export interface NormalizeOptions {
  receivedAt: Date;
  /** Frames kept per stack trace; longer stacks keep their first and last halves. */
  maxFrames: number;
  /** Breadcrumbs kept (the newest); defaults to 100, the SDK's own default. */
  maxBreadcrumbs?: number;
  /** Event id to use when the body has none (e.g. the envelope header's). */
  fallbackEventId?: string;
  /** Event id that wins over the body's (the envelope header's, as in Relay). */
  overrideEventId?: string;
  /** Makes a new event id when there is none; defaults to crypto.randomUUID (no I/O), injectable for tests. */
  generateEventId?: () => string;
}

/**
 * A SentryEvent in its init shape: what the normaliser builds, field by field. It is not passed
 * through protobuf-es' `create` (a deep copy that costs a third of normalising); `encodeMessage`
 * writes it as is, and readers treat every field as optional.
 */
export type SentryEventInit = MessageInitShape<typeof SentryEventSchema>;

/** A normalised event: its id (32 lower-case hex), the contract message, and how many frames the cap removed. */
export interface NormalizedEvent {
  eventId: string;
  event: SentryEventInit;
  truncatedFrames: number;
  /** The body's `type` ("error" when absent; "transaction", "feedback", … let the service route /store/ bodies). */
  type: string;
}

/** Sentry's tag value limit (PROTOCOLS §1.9). */
const MAX_TAG_VALUE_LENGTH = 200;
const DEFAULT_MAX_BREADCRUMBS = 100;
const LEVELS: Readonly<Record<string, string>> = {
  fatal: 'fatal',
  critical: 'fatal',
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  log: 'info',
  debug: 'debug',
};

/** Normalises one event or throws IngestError('invalid_event', '<json path>: <problem>'). */
export function normalizeEvent(json: unknown, options: NormalizeOptions): NormalizedEvent {
  if (!isRecord(json)) throw invalidEvent('event', `expected a JSON object, got ${describeJson(json)}`);
  const eventId = resolveEventId(json.event_id, options);
  const exceptions = normalizeExceptions(json.exception, options.maxFrames);
  const init: MessageInitShape<typeof SentryEventSchema> = {
    eventId,
    timestamp: optTimestamp(json.timestamp, 'timestamp') ?? timestampOfDate(options.receivedAt),
    platform: optString(json.platform, 'platform') ?? 'other',
    level: level(json.level),
    logger: optString(json.logger, 'logger') ?? '',
    transaction: optString(json.transaction, 'transaction') ?? '',
    serverName: optString(json.server_name, 'server_name') ?? '',
    release: optLenientString(json.release, 'release') ?? '',
    dist: optLenientString(json.dist, 'dist') ?? '',
    environment: optString(json.environment, 'environment') ?? '',
    message: normalizeLogEntry(json.message, json.logentry),
    exception: exceptions ? { values: exceptions.values } : undefined,
    request: normalizeRequest(json.request),
    user: normalizeUser(json.user),
    contexts: optStruct(json.contexts, 'contexts'),
    tags: optStringMap(json.tags, 'tags', MAX_TAG_VALUE_LENGTH),
    extra: optStruct(json.extra, 'extra'),
    fingerprint: optStringList(json.fingerprint, 'fingerprint'),
    sdk: normalizeSdk(json.sdk),
    debugMeta: normalizeDebugMeta(json.debug_meta),
    modules: optStringMap(json.modules, 'modules'),
  };
  const breadcrumbs = normalizeBreadcrumbs(json.breadcrumbs, options.maxBreadcrumbs ?? DEFAULT_MAX_BREADCRUMBS);
  if (breadcrumbs) init.breadcrumbs = { values: breadcrumbs };
  return {
    eventId,
    event: init,
    truncatedFrames: exceptions?.truncatedFrames ?? 0,
    type: optString(json.type, 'type') ?? 'error',
  };
}

/** Normalises an event id (UUID with or without dashes, any case) to 32 lower-case hex, or undefined when it is not one. */
export function normalizeEventId(value: string): string | undefined {
  const hex = value.length === 36 ? value.replace(/-/g, '') : value;
  return /^[0-9a-fA-F]{32}$/.test(hex) ? hex.toLowerCase() : undefined;
}

function resolveEventId(value: unknown, options: NormalizeOptions): string {
  if (options.overrideEventId !== undefined) return checkedOption(options.overrideEventId, 'overrideEventId');
  if (value !== undefined && value !== null) {
    if (typeof value !== 'string') throw invalidEvent('event_id', `expected a UUID string, got ${describeJson(value)}`);
    const id = normalizeEventId(value);
    if (id === undefined) throw invalidEvent('event_id', `not a UUID (32 hex digits, dashes allowed): ${JSON.stringify(value.slice(0, 64))}`);
    return id;
  }
  if (options.fallbackEventId !== undefined) return checkedOption(options.fallbackEventId, 'fallbackEventId');
  const generated = options.generateEventId ? options.generateEventId() : globalThis.crypto.randomUUID();
  return checkedOption(generated, 'generateEventId()');
}

function checkedOption(value: string, name: string): string {
  const id = normalizeEventId(value);
  // A bad id from the caller is a caller bug, but it still must not reach the stream as an event id.
  if (id === undefined) throw new IngestError('invalid_event', `event_id: ${name} is not a UUID: ${JSON.stringify(value)}`, DiscardReason.EVENT_INVALID);
  return id;
}

function level(value: unknown): string {
  const raw = optString(value, 'level');
  if (raw === undefined || raw === '') return 'error';
  const known = LEVELS[raw.toLowerCase()];
  if (known === undefined) throw invalidEvent('level', `expected one of fatal, error, warning, info, debug, got ${JSON.stringify(raw)}`);
  return known;
}
