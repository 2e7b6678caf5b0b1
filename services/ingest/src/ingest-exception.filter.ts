// The single error-to-HTTP mapping of the gateway: status, Sentry-style body
// `{"detail": …}`, the X-Sentry-Error header, Retry-After / X-Sentry-Rate-Limits, CORS.
// 4xx are logged at debug, anything unexpected at error with an errorId (and answered
// 503, so the SDK keeps the event and retries).
import { ArgumentsHost, Catch, HttpException, Inject, Injectable, Logger, type ExceptionFilter } from '@nestjs/common';
import { APP_CONFIG } from '@faultline/platform-config';
import type { IngestConfig } from './ingest.config.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { corsHeaders } from './cors.js';
import { IngestHttpError } from './ingest-error.js';
import { requestOrigin } from './request-context.js';

/** Turns every error thrown by ingest routes into the response the SDK expects. */
@Catch()
@Injectable()
export class IngestExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Ingest');
  private readonly retryAfterSeconds: number;

  constructor(@Inject(APP_CONFIG) config: IngestConfig) {
    this.retryAfterSeconds = Math.ceil(config.INGEST_RETRY_AFTER / 1_000);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    let status: number;
    let detail: string;
    let headers: Record<string, string> = {};
    if (exception instanceof IngestHttpError) {
      ({ status, detail, headers } = exception);
      this.logger.debug(`${request.method} ${request.url} → ${status}: ${detail}`);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      detail = exception.message;
      this.logger.debug(`${request.method} ${request.url} → ${status}: ${detail}`);
    } else {
      const errorId = randomUUID();
      status = 503;
      detail = `internal error ${errorId}; the event was not stored, send it again later`;
      headers = { 'retry-after': String(this.retryAfterSeconds) };
      this.logger.error(`errorId ${errorId}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    }
    if (!reply.sent) {
      void reply
        .status(status)
        .headers({ ...corsHeaders(requestOrigin(request.headers)), ...headers, 'x-sentry-error': detail.replace(/[\r\n]+/g, ' ').slice(0, 500) })
        .type('application/json')
        .send(JSON.stringify({ detail }));
    }
  }
}
