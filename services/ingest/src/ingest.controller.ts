// The gateway's HTTP endpoints. Bodies are read raw (every content type, including none)
// so that the pipeline can apply its own size limits and decompression.
import { Controller, HttpCode, Inject, Options, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { clientIp } from './client-ip.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { APP_CONFIG } from '@faultline/platform-config';
import type { IngestConfig } from './ingest.config.js';
import { IngestExceptionFilter } from './ingest-exception.filter.js';
import { IngestPipeline, type IngestAnswer } from './ingest-pipeline.js';
import { first, requestOrigin, type RequestContext } from './request-context.js';

/** POST /api/<project>/envelope/, /api/<project>/store/, /api/v1/report, and their preflights. */
@Controller()
@UseFilters(IngestExceptionFilter)
export class IngestController {
  constructor(
    @Inject(IngestPipeline) private readonly pipeline: IngestPipeline,
    @Inject(APP_CONFIG) private readonly config: IngestConfig,
  ) {}

  @Post('api/:projectId/envelope/')
  @HttpCode(200)
  async envelope(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IngestAnswer> {
    return this.answer(req, reply, (ctx, body, encoding) => this.pipeline.envelope(ctx, body, encoding));
  }

  @Post('api/:projectId/store/')
  @HttpCode(200)
  async store(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IngestAnswer> {
    return this.answer(req, reply, (ctx, body, encoding) => this.pipeline.store(ctx, body, encoding));
  }

  @Post('api/v1/report')
  @HttpCode(200)
  async report(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IngestAnswer> {
    return this.answer(req, reply, (ctx, body, encoding) => this.pipeline.report(ctx, body, encoding));
  }

  @Options(['api/:projectId/envelope/', 'api/:projectId/store/', 'api/v1/report'])
  preflight(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    void reply.status(200).headers(preflightHeaders(requestOrigin(req.headers))).send();
  }

  private async answer(
    req: FastifyRequest,
    reply: FastifyReply,
    run: (ctx: RequestContext, body: Readable, encoding: string | undefined) => Promise<IngestAnswer>,
  ): Promise<IngestAnswer> {
    const params = req.params as { projectId?: string };
    const ctx: RequestContext = {
      projectId: params.projectId ?? '',
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
    const result = await run(ctx, body, first(req.headers['content-encoding']));
    void reply.headers(corsHeaders(ctx.origin));
    return result;
  }
}
