// The gateway's HTTP endpoints, registered directly on Fastify: one request per event
// makes Nest's per-request router and middleware chain the largest avoidable cost on the
// hot path (docs/PERFORMANCE.md). Dependencies still come from Nest's container, and the
// rest of the app (/healthz, /readyz, /metrics) stays ordinary Nest controllers.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG } from '@faultline/platform-config';
import { childTraceContext, parseTraceparent, runWithTrace } from '@faultline/platform-logging';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { clientIp } from './client-ip.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import type { IngestConfig } from './ingest.config.js';
import { ingestErrorResponse } from './ingest-error-response.js';
import { IngestPipeline, type IngestAnswer } from './ingest-pipeline.js';
import { first, requestOrigin, type RequestContext } from './request-context.js';

type Handler = (ctx: RequestContext, body: Readable, encoding: string | undefined) => Promise<IngestAnswer>;

/** Registers POST /api/<project>/envelope/, /api/<project>/store/, /api/v1/report and their preflights. */
@Injectable()
export class IngestRoutes implements OnModuleInit {
  private readonly logger = new Logger('Ingest');
  private readonly retryAfterSeconds: number;

  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(IngestPipeline) private readonly pipeline: IngestPipeline,
    @Inject(APP_CONFIG) private readonly config: IngestConfig,
  ) {
    this.retryAfterSeconds = Math.ceil(config.INGEST_RETRY_AFTER / 1_000);
  }

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    const routes: [string, Handler][] = [
      ['/api/:projectId/envelope/', (c, b, e) => this.pipeline.envelope(c, b, e)],
      ['/api/:projectId/store/', (c, b, e) => this.pipeline.store(c, b, e)],
      ['/api/v1/report', (c, b, e) => this.pipeline.report(c, b, e)],
    ];
    for (const [path, handle] of routes) {
      fastify.post(path, (req, reply) => this.answer(req, reply, handle));
      fastify.options(path, (req, reply) => reply.status(200).headers(preflightHeaders(requestOrigin(req.headers))).send());
    }
  }

  private async answer(req: FastifyRequest, reply: FastifyReply, handle: Handler): Promise<void> {
    const ctx: RequestContext = {
      projectId: (req.params as { projectId?: string }).projectId ?? '',
      query: req.query as Record<string, string | string[] | undefined>,
      headers: req.headers,
      origin: requestOrigin(req.headers),
      userAgent: first(req.headers['user-agent']),
      clientIp: clientIp(req.raw.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.INGEST_TRUST_PROXY),
      receivedAt: new Date(),
    };
    // The raw-body parser hands over the unread stream; a request without a content type
    // has no parsed body at all, and its stream is the request itself.
    const body = (req.body as Readable | undefined) ?? req.raw;
    // Each request is its own span, continuing the caller's trace when it sends one.
    const trace = childTraceContext(parseTraceparent(first(req.headers.traceparent)));
    try {
      const answer = await runWithTrace(trace, () => handle(ctx, body, first(req.headers['content-encoding'])));
      await reply.status(200).headers(corsHeaders(ctx.origin)).type('application/json').send(JSON.stringify(answer));
    } catch (error) {
      const response = ingestErrorResponse(error, ctx.origin, this.retryAfterSeconds, this.logger, `${req.method} ${req.url.split('?')[0]}`);
      await reply.status(response.status).headers(response.headers).send(response.body);
    }
  }
}
