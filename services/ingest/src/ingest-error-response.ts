// The single error-to-HTTP mapping of the gateway: status, Sentry-style body
// `{"detail": …}`, the X-Sentry-Error header, Retry-After / X-Sentry-Rate-Limits, CORS.
// 4xx are logged at debug; anything unexpected at error with an errorId, and answered
// 503 so that the SDK keeps the event and retries.
import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { corsHeaders } from './cors.js';
import { IngestHttpError } from './ingest-error.js';

/** What to send for an error. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Maps any error thrown while handling an ingest request to its response. */
export function ingestErrorResponse(error: unknown, origin: string | undefined, retryAfterSeconds: number, logger: LoggerService, what: string): ErrorResponse {
  let status: number;
  let detail: string;
  let headers: Record<string, string> = {};
  if (error instanceof IngestHttpError) {
    ({ status, detail, headers } = error);
    logger.debug?.(`${what} → ${status}: ${detail}`);
  } else {
    const errorId = randomUUID();
    status = 503;
    detail = `internal error ${errorId}; the event was not stored, send it again later`;
    headers = { 'retry-after': String(retryAfterSeconds) };
    logger.error(`errorId ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return {
    status,
    headers: { ...corsHeaders(origin), ...headers, 'x-sentry-error': detail.replace(/[\r\n]+/g, ' ').slice(0, 500), 'content-type': 'application/json' },
    body: JSON.stringify({ detail }),
  };
}
