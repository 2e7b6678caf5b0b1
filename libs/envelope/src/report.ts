// POST /api/v1/report: a plain JSON error report for frontends without a Sentry SDK. It becomes the
// Sentry event the browser SDK would have sent for the same error (stack string parsed into frames),
// so the rest of the pipeline — and grouping — cannot tell the difference.
import { describeJson, invalidEvent } from './errors.js';
import { normalizeEvent, type NormalizedEvent, type NormalizeOptions } from './event-normalizer.js';
import { isRecord } from './json-readers.js';
import { parseStack } from './stack-parser.js';

/** Longest stack string parsed; a real one is a few KB, and frames past the cap are trimmed anyway. */
const MAX_STACK_CHARS = 64 * 1024;

/** Converts a report body into a normalised event or throws IngestError('invalid_event', '<field>: <problem>'). */
export function reportToEvent(body: unknown, options: NormalizeOptions): NormalizedEvent {
  if (!isRecord(body)) throw invalidEvent('report', `expected a JSON object, got ${describeJson(body)}`);
  const message = body.message;
  if (typeof message !== 'string' || message.trim() === '') throw invalidEvent('message', `expected a non-empty string, got ${describeJson(message)}`);
  const stack = optionalString(body, 'stack');
  const name = optionalString(body, 'name') ?? optionalString(body, 'type');
  const url = optionalString(body, 'url');

  const exception: Record<string, unknown> = { type: name ?? 'Error', value: message, mechanism: { type: 'faultline.report', handled: true } };
  if (stack !== undefined) {
    const frames = parseStack(stack.length > MAX_STACK_CHARS ? stack.slice(0, MAX_STACK_CHARS) : stack);
    if (frames.length > 0) exception.stacktrace = { frames };
  }
  // The event is built in Sentry's JSON shape and goes through the one normaliser, so field rules
  // (levels, tags, timestamps, ids, limits) are the same as for SDK events.
  const event: Record<string, unknown> = {
    event_id: body.event_id,
    timestamp: body.timestamp,
    platform: 'javascript',
    level: body.level,
    release: body.release,
    environment: body.environment,
    exception: { values: [exception] },
    user: pickUser(body.user),
    tags: body.tags,
    extra: body.extra,
    sdk: { name: 'faultline.report', version: '1' },
  };
  if (url !== undefined) event.request = { url };
  return normalizeEvent(event, options);
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidEvent(key, `expected a string, got ${describeJson(v)}`);
  return v;
}

function pickUser(user: unknown): unknown {
  if (user === undefined || user === null) return undefined;
  if (!isRecord(user)) throw invalidEvent('user', `expected an object, got ${describeJson(user)}`);
  // Only the documented keys: a report must not smuggle ip_address or arbitrary data past the project's PII settings.
  return { id: user.id, email: user.email, username: user.username };
}
