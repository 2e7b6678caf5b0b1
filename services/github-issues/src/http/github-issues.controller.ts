// The HTTP endpoints: GitHub's webhook and the Alertmanager bridge. Bodies arrive as raw bytes
// (the signature is over them), see create-github-issues-app.ts.
import { Controller, Headers, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AlertmanagerBridge } from './alertmanager-bridge.js';
import { WebhookService } from './webhook-service.js';

/** POST /api/github/webhooks and POST /api/v1/alertmanager/webhook. */
@Controller()
export class GithubIssuesController {
  constructor(
    @Inject(WebhookService) private readonly webhooks: WebhookService,
    @Inject(AlertmanagerBridge) private readonly bridge: AlertmanagerBridge,
  ) {}

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
