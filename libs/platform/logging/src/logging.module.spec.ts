import { Controller, Get, Logger } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

import { captureLines } from '../test/capture-lines.js';
import { LoggingModule } from './logging.module.js';
import { currentTrace, formatTraceparent, newTraceContext, parseTraceparent } from './trace-context.js';

@Controller()
class ProbeController {
  private readonly logger = new Logger(ProbeController.name);

  @Get('work')
  async work(): Promise<{ traceparent: string | undefined }> {
    this.logger.log('working');
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.logger.warn({ password: 'hunter2', step: 2 }, 'still working');
    const trace = currentTrace();
    return { traceparent: trace && formatTraceparent(trace) };
  }

  @Get('healthz')
  healthz(): { status: string } {
    return { status: 'ok' };
  }
}

// nestjs-pino keeps one pino-http instance per process, so this file builds one app
// and every test reads the lines it captured.
describe('LoggingModule on Fastify', () => {
  const out = captureLines();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot({ level: 'info', name: 'test-service', destination: out })],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  const linesOf = (traceId: string) => out.lines.filter((line) => line['trace_id'] === traceId);

  it('continues the caller trace: its trace id, a new span, Nest logs and the request line all carry them', async () => {
    const caller = newTraceContext();
    const response = await app.inject({ method: 'GET', url: '/work', headers: { traceparent: formatTraceparent(caller) } });
    expect(response.statusCode).toBe(200);
    const served = parseTraceparent((response.json() as { traceparent: string }).traceparent);
    expect(served?.traceId).toBe(caller.traceId);
    expect(served?.spanId).not.toBe(caller.spanId);

    const lines = linesOf(caller.traceId);
    expect(lines.map((line) => line['msg'])).toEqual(['working', 'still working', 'request completed']);
    for (const line of lines) expect(line).toMatchObject({ span_id: served?.spanId, reqId: caller.traceId, name: 'test-service' });
    expect(lines[0]).toMatchObject({ level: 'info', context: 'ProbeController' });
    expect(lines[1]).toMatchObject({ level: 'warn', step: 2, password: '[Redacted]' });
    expect(lines[2]).toMatchObject({ level: 'info', req: { method: 'GET', url: '/work' }, res: { statusCode: 200 } });
  });

  it('starts a new trace when traceparent is missing or malformed', async () => {
    for (const headers of [{}, { traceparent: '00-zzz-yyy-01' }]) {
      const response = await app.inject({ method: 'GET', url: '/work', headers });
      const served = parseTraceparent((response.json() as { traceparent: string }).traceparent);
      expect(served).toBeDefined();
      expect(linesOf(served?.traceId ?? '').map((line) => line['msg'])).toEqual(['working', 'still working', 'request completed']);
    }
  });

  it('redacts credentials in the request line', async () => {
    const caller = newTraceContext();
    await app.inject({
      method: 'GET',
      url: '/work?sentry_key=public-key-1',
      headers: { traceparent: formatTraceparent(caller), authorization: 'Bearer secret-1', 'x-sentry-auth': 'Sentry sentry_key=public-key-2' },
    });
    const requestLine = linesOf(caller.traceId).find((line) => line['msg'] === 'request completed');
    expect(requestLine).toMatchObject({
      req: { url: '/work?sentry_key=%5BRedacted%5D', headers: { authorization: '[Redacted]', 'x-sentry-auth': '[Redacted]' } },
    });
    expect(JSON.stringify(out.lines)).not.toMatch(/secret-1|public-key-/);
  });

  it('logs probe requests at debug, so at level info they are not written', async () => {
    const caller = newTraceContext();
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { traceparent: formatTraceparent(caller) } });
    expect(response.statusCode).toBe(200);
    expect(linesOf(caller.traceId)).toEqual([]);
  });

  it('writes only JSON lines', () => {
    expect(out.raw.length).toBeGreaterThan(0);
    for (const raw of out.raw) expect(() => JSON.parse(raw) as unknown).not.toThrow();
  });
});
