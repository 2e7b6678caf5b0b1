// GET /metrics for Prometheus.
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Registry } from 'prom-client';

import { METRICS_REGISTRY } from './metrics.tokens.js';

/** The part of a Fastify (or Express) reply this controller uses. */
interface HeaderSetter {
  header(name: string, value: string): unknown;
}

/** Serves the registry in the Prometheus text format. */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  /** The whole registry, with the content type (and format version) the registry declares. */
  @Get('metrics')
  async metrics(@Res({ passthrough: true }) reply: HeaderSetter): Promise<string> {
    reply.header('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}
