// The HTTP endpoints: GitHub's webhook and the Alertmanager bridge. Bodies arrive as raw bytes
// (the signature is over them), see create-github-issues-app.ts.
import { Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventDigestReader, EventLinks } from '../render/event-digest.js';
import { AlertmanagerBridge } from './alertmanager-bridge.js';
import { WebhookService } from './webhook-service.js';

/** POST /api/github/webhooks, POST /api/v1/alertmanager/webhook and GET /api/v1/events/<project>/<event id>. */
@Controller()
export class GithubIssuesController {
  constructor(
    @Inject(WebhookService) private readonly webhooks: WebhookService,
    @Inject(AlertmanagerBridge) private readonly bridge: AlertmanagerBridge,
    @Inject(EventDigestReader) private readonly events: EventDigestReader,
    @Inject(EventLinks) private readonly links: EventLinks,
  ) {}

  /** The raw enriched event an issue links to; the signature in the link is the credential. */
  @Get('api/v1/events/:project/:eventId')
  async event(@Param('project') project: string, @Param('eventId') eventId: string, @Query('sig') sig: string | undefined, @Res() res: FastifyReply): Promise<void> {
    if (!this.links.verify(project, eventId, sig)) {
      await res.status(401).send({ detail: 'missing or invalid sig: use the link from the GitHub issue' });
      return;
    }
    const body = await this.events.rawEvent(project, eventId);
    if (!body) {
      await res.status(404).send({ detail: `event ${eventId} of project ${project} is not stored (retention, erasure, or no object storage)` });
      return;
    }
    await res.status(200).header('content-type', 'application/json').header('cache-control', 'private, max-age=300').send(body);
  }

  @Post('api/github/webhooks')
  async webhook(@Headers() headers: Record<string, string>, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const reply = await this.webhooks.handle(headers, req.body as Buffer | undefined);
    await res.status(reply.status).send(reply.body);
  }

  @Post('api/v1/alertmanager/webhook')
  async alertmanager(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const reply = await this.bridge.handle(req.body as Buffer | undefined);
    await res.status(reply.status).headers(reply.headers ?? {}).send(reply.body);
  }
}
