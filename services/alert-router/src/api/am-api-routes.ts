// Registers the Alertmanager API v2 subset on Fastify (JSON in, JSON out), next to Nest's own
// /healthz, /readyz and /metrics controllers.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ApiDeps, deleteSilence, getAlerts, getReceivers, getSilence, getSilences, getStatus, postAlerts, postSilence } from './am-api.js';

/** Injection token of the API's dependencies. */
export const API_DEPS = Symbol.for('faultline.alert-router.api-deps');

type Query = Record<string, string | string[] | undefined>;

/** The /api/v2 routes. */
@Injectable()
export class AmApiRoutes implements OnModuleInit {
  private readonly logger = new Logger('AlertmanagerApi');

  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(API_DEPS) private readonly deps: ApiDeps,
  ) {}

  onModuleInit(): void {
    const f = this.host.httpAdapter.getInstance<FastifyInstance>();
    const d = this.deps;
    const route = (method: 'GET' | 'POST' | 'DELETE', url: string, handler: (req: FastifyRequest) => Promise<unknown> | unknown) => {
      f.route({
        method, url,
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          try {
            const out = await handler(req);
            return reply.code(200).header('content-type', 'application/json').send(out === undefined ? '' : JSON.stringify(out));
          } catch (e) {
            if (e instanceof ApiError) {
              this.logger.debug(`${method} ${url}: ${e.status} ${e.message}`);
              return reply.code(e.status).header('content-type', 'application/json').send(JSON.stringify(e.message));
            }
            this.logger.error(`${method} ${url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            return reply.code(500).header('content-type', 'application/json').send(JSON.stringify(e instanceof Error ? e.message : String(e)));
          }
        },
      });
    };
    route('POST', '/api/v2/alerts', (req) => postAlerts(d, req.body));
    route('GET', '/api/v2/alerts', (req) => getAlerts(d, req.query as Query));
    route('GET', '/api/v2/silences', (req) => getSilences(d, req.query as Query));
    route('POST', '/api/v2/silences', (req) => postSilence(d, req.body));
    route('GET', '/api/v2/silence/:id', (req) => getSilence(d, (req.params as { id: string }).id));
    route('DELETE', '/api/v2/silence/:id', (req) => deleteSilence(d, (req.params as { id: string }).id));
    route('GET', '/api/v2/status', () => getStatus(d));
    route('GET', '/api/v2/receivers', () => getReceivers(d));
    // Like Alertmanager's /-/reload: reload the configuration file now (only if it validates).
    route('POST', '/-/reload', () => {
      if (!d.reload()) throw new ApiError(500, 'failed to reload config; the previous configuration stays in effect (see the log)');
      return undefined;
    });
  }
}
