import { Injectable, Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { MetricsModule } from '@faultline/platform-metrics';

import { HealthModule } from './health.module.js';
import { readinessCheck } from './readiness-check.js';

// Dependencies whose state each test sets: 'up', 'down' (rejects) or 'hung' (never answers).
type State = 'up' | 'down' | 'hung';
const state: Record<string, State> = {};
const calls: string[] = [];
const probe = (name: string) =>
  readinessCheck(name, () => {
    calls.push(name);
    if (state[name] === 'down') return Promise.reject(new Error('connection refused'));
    if (state[name] === 'hung') return new Promise<never>(() => undefined);
    return Promise.resolve();
  });

async function startApp(imports: Parameters<typeof Test.createTestingModule>[0]['imports']): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('HealthModule on Fastify', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startApp([MetricsModule.forRoot({ collectDefault: false }), HealthModule.forRoot({ checks: [probe('nats'), probe('postgres')], timeoutMs: 150 })]);
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    Object.assign(state, { nats: 'up', postgres: 'up' });
    calls.length = 0;
  });

  it('answers /readyz with 200 and every check when all pass', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ status: 'ok', checks: { nats: 'ok', postgres: 'ok' } });
  });

  it('answers /readyz with 503 naming the failing check', async () => {
    state['postgres'] = 'down';
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', checks: { nats: 'ok', postgres: 'error: connection refused' } });
  });

  it('answers /readyz with 503 once a hanging check times out', async () => {
    state['nats'] = 'hung';
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    const elapsed = Date.now() - started;
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', checks: { nats: 'error: timed out after 150ms', postgres: 'ok' } });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('answers /healthz with 200 without touching any dependency, even when they are down', async () => {
    Object.assign(state, { nats: 'down', postgres: 'hung' });
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"status":"ok"}');
    expect(calls).toEqual([]);
  });

  it('records each check in faultline_readiness_check_up', async () => {
    state['postgres'] = 'down';
    await app.inject({ method: 'GET', url: '/readyz' });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('faultline_readiness_check_up{check="nats"} 1');
    expect(metrics).toContain('faultline_readiness_check_up{check="postgres"} 0');
  });
});

describe('HealthModule variants', () => {
  @Injectable()
  class FakeConnection {
    ping(): Promise<string> {
      return Promise.resolve('PONG');
    }
  }

  @Module({ providers: [FakeConnection], exports: [FakeConnection] })
  class ConnectionModule {}

  it('builds its checks from injected providers with forRootAsync, and works without metrics', async () => {
    const app = await startApp([
      HealthModule.forRootAsync({
        imports: [ConnectionModule],
        inject: [FakeConnection],
        useFactory: (connection: FakeConnection) => ({ checks: [readinessCheck('fake', () => connection.ping())] }),
      }),
    ]);
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', checks: { fake: 'ok' } });
    } finally {
      await app.close();
    }
  });

  it('is ready with no checks at all', async () => {
    const app = await startApp([HealthModule.forRoot()]);
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', checks: {} });
    } finally {
      await app.close();
    }
  });

  it('refuses two checks with one name at start', async () => {
    await expect(
      Test.createTestingModule({ imports: [HealthModule.forRoot({ checks: [probe('nats'), probe('nats')] })] }).compile(),
    ).rejects.toThrow('two readiness checks are named "nats"');
  });
});
