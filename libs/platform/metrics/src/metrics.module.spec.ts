import { Controller, Inject, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Counter, Registry } from 'prom-client';

import { counter } from './metric-helpers.js';
import { MetricsModule } from './metrics.module.js';
import { METRICS_REGISTRY } from './metrics.tokens.js';

@Controller()
class EventsController {
  private readonly accepted: Counter<'project'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.accepted = counter(registry, { name: 'test_events_total', help: 'Events accepted by the test.', labelNames: ['project'] });
  }

  @Post('events')
  accept(): { ok: true } {
    this.accepted.inc({ project: '42' });
    return { ok: true };
  }
}

describe('MetricsModule on Fastify', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule.forRoot({ defaultLabels: { service: 'test' } })],
      controllers: [EventsController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves a counter the app incremented, in the Prometheus text format', async () => {
    await app.inject({ method: 'POST', url: '/events' });
    await app.inject({ method: 'POST', url: '/events' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE faultline_test_events_total counter');
    expect(response.body).toContain('faultline_test_events_total{project="42",service="test"} 2');
    expect(response.body).toContain('faultline_process_resident_memory_bytes{service="test"}');
  });

  it('provides the registry it serves under METRICS_REGISTRY', async () => {
    const registry = app.get<Registry>(METRICS_REGISTRY);
    counter(registry, { name: 'test_injected_total', help: 'Incremented through the token.' }).inc(3);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.body).toContain('faultline_test_injected_total{service="test"} 3');
  });

  it('serves over a real socket too', async () => {
    await app.listen(0, '127.0.0.1');
    const response = await fetch(`${await app.getUrl()}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('faultline_test_events_total{project="42",service="test"} 2');
  });
});
