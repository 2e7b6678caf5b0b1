// The one error type of the ingest gateway: what went wrong, the HTTP status, the
// outcome it counts as, and the headers the SDK needs to back off correctly.
import { DiscardReason, Outcome } from '@faultline/contracts';

/** A request the gateway refuses; turned into a response by IngestExceptionFilter. */
export class IngestHttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 429 | 503,
    readonly detail: string,
    readonly outcome: Outcome,
    readonly reason: DiscardReason,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'IngestHttpError';
  }
}

/** 400 with the outcome `invalid`. */
export const invalid = (detail: string, reason: DiscardReason) => new IngestHttpError(400, detail, Outcome.INVALID, reason);

/** 413 with the outcome `too_large`. */
export const tooLarge = (detail: string, reason: DiscardReason) => new IngestHttpError(413, detail, Outcome.TOO_LARGE, reason);

/** 503 with Retry-After: the event was not stored and the SDK should send it again. */
export const unavailable = (detail: string, retryAfterSeconds: number) =>
  new IngestHttpError(503, detail, Outcome.INTERNAL, DiscardReason.PIPELINE_UNAVAILABLE, { 'retry-after': String(retryAfterSeconds) });
