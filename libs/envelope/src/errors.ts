// One error type for every rejection the gateway's pure logic makes, so the service has a single
// place that maps a rejection to an HTTP status, a Sentry-style `{"detail": …}` body and an outcome.
import { DiscardReason } from '@faultline/contracts';

/** What went wrong, coarse enough to pick an HTTP status from (see `httpStatusOf`). */
export type IngestErrorKind =
  | 'missing_auth'
  | 'bad_auth'
  | 'multiple_auth'
  | 'unsupported_version'
  | 'invalid_envelope'
  | 'invalid_json'
  | 'invalid_event'
  | 'too_large';

/** A rejected request or item: `kind` picks the status, `message` says what and where, `reason` is the counted outcome. */
export class IngestError extends Error {
  constructor(
    readonly kind: IngestErrorKind,
    message: string,
    readonly reason: DiscardReason,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

/** The HTTP status Relay answers for each kind (PROTOCOLS §1.2, §1.7); the service may still choose its own. */
export function httpStatusOf(kind: IngestErrorKind): number {
  switch (kind) {
    case 'missing_auth':
    case 'bad_auth':
    case 'multiple_auth':
      return 401;
    case 'too_large':
      return 413;
    default:
      return 400;
  }
}

/** Shorthand for an invalid-event rejection at a JSON path, the form every normaliser error takes. */
export function invalidEvent(path: string, problem: string): IngestError {
  return new IngestError('invalid_event', `${path}: ${problem}`, DiscardReason.EVENT_INVALID);
}

/** Describes a JSON value's type for error messages ("a string \"abc\"", "an array", "null"). */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
