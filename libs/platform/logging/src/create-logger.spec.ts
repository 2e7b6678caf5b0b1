import { createLogger } from './create-logger.js';
import { captureLines } from '../test/capture-lines.js';
import { newTraceContext, runWithTrace } from './trace-context.js';

describe('createLogger', () => {
  it('writes one JSON object per line with level name, ISO time and logger name', () => {
    const out = captureLines();
    const logger = createLogger({ name: 'ingest', destination: out });
    logger.info({ project: 7 }, 'event accepted');
    logger.debug('hidden at the default level');
    expect(out.raw).toHaveLength(1);
    expect(out.raw[0]?.endsWith('\n')).toBe(true);
    expect(out.lines[0]).toMatchObject({ level: 'info', name: 'ingest', project: 7, msg: 'event accepted' });
    expect(new Date(String(out.lines[0]?.['time'])).toISOString()).toBe(out.lines[0]?.['time']);
  });

  it('honours the level option', () => {
    const out = captureLines();
    const logger = createLogger({ level: 'warn', destination: out });
    logger.info('no');
    logger.warn('yes');
    expect(out.lines.map((line) => line['msg'])).toEqual(['yes']);
  });

  it('redacts secret keys at any depth, in any case, inside arrays, without touching the logged object', () => {
    const out = captureLines();
    const logger = createLogger({ destination: out });
    const payload = {
      password: 'p0',
      github: { app: { installation: { token: 't1', privateKey: 'k1' } } },
      receivers: [{ name: 'ops', webhook: { secret: 's1', url: 'https://x' } }],
      request: { headers: { Authorization: 'Bearer b1', cookie: 'c1', 'X-Sentry-Auth': 'Sentry sentry_key=k2', host: 'h' } },
      project: { DSN: 'https://key@host/1', sentry_key: 'k3', private_key: 'k4', sentry_secret: 's2' },
      tokenBucketSize: 100,
    };
    const before = structuredClone(payload);
    logger.info(payload, 'configured');
    const line = out.raw[0] ?? '';
    for (const secret of ['p0', 't1', 'k1', 's1', 'b1', 'c1', 'k2', 'key@host', 'k3', 'k4', 's2']) expect(line).not.toContain(secret);
    expect(out.lines[0]).toMatchObject({
      password: '[Redacted]',
      github: { app: { installation: { token: '[Redacted]', privateKey: '[Redacted]' } } },
      receivers: [{ name: 'ops', webhook: { secret: '[Redacted]', url: 'https://x' } }],
      request: { headers: { Authorization: '[Redacted]', cookie: '[Redacted]', 'X-Sentry-Auth': '[Redacted]', host: 'h' } },
      tokenBucketSize: 100,
    });
    expect(payload).toEqual(before);
  });

  it('redacts secret keys at the top level of child bindings', () => {
    const out = captureLines();
    createLogger({ destination: out }).child({ token: 'child-secret', component: 'github' }).info('bound');
    expect(out.raw[0]).not.toContain('child-secret');
    expect(out.lines[0]).toMatchObject({ token: '[Redacted]', component: 'github' });
  });

  it('adds trace_id and span_id inside runWithTrace, also after an await', async () => {
    const out = captureLines();
    const logger = createLogger({ destination: out });
    const ctx = newTraceContext();
    logger.info('outside');
    await runWithTrace(ctx, async () => {
      logger.info('before await');
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.child({ component: 'x' }).info('after await');
    });
    expect(out.lines[0]).not.toHaveProperty('trace_id');
    expect(out.lines.slice(1)).toEqual([
      expect.objectContaining({ msg: 'before await', trace_id: ctx.traceId, span_id: ctx.spanId }),
      expect.objectContaining({ msg: 'after await', trace_id: ctx.traceId, span_id: ctx.spanId }),
    ]);
  });

  it('lets a field given in the log call override the trace', () => {
    const out = captureLines();
    const ctx = newTraceContext();
    runWithTrace(ctx, () => createLogger({ destination: out }).info({ trace_id: 'from-message' }, 'replayed'));
    expect(out.lines[0]).toMatchObject({ trace_id: 'from-message', span_id: ctx.spanId });
  });

  it('serializes errors with their stack', () => {
    const out = captureLines();
    createLogger({ destination: out }).error({ err: new Error('boom') }, 'failed');
    expect(out.lines[0]).toMatchObject({ err: { type: 'Error', message: 'boom', stack: expect.stringContaining('boom') } });
  });
});
