import { readinessCheck, type ReadinessCheck } from './readiness-check.js';
import { runCheck, runReadinessChecks } from './run-readiness.js';

const never = () => new Promise<never>(() => undefined);
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runCheck', () => {
  it('reports ok', async () => {
    expect(await runCheck(readinessCheck('a', async () => 1), 100)).toBe('ok');
  });

  it('reports the error message of a rejected check', async () => {
    expect(await runCheck(readinessCheck('a', () => Promise.reject(new Error('connection refused'))), 100)).toBe('error: connection refused');
  });

  it('reports a check that throws synchronously instead of crashing', async () => {
    const check: ReadinessCheck = {
      name: 'sync',
      check: () => {
        throw new Error('not connected yet');
      },
    };
    expect(await runCheck(check, 100)).toBe('error: not connected yet');
  });

  it('reports a hanging check as timed out once its time is up', async () => {
    const started = Date.now();
    expect(await runCheck(readinessCheck('hang', never), 50)).toBe('error: timed out after 50ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('counts a check that answers just after the timeout as timed out', async () => {
    expect(await runCheck(readinessCheck('slow', () => after(80)), 20)).toBe('error: timed out after 20ms');
  });

  it('does not leak an unhandled rejection when a timed-out check fails later', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await runCheck(readinessCheck('late', () => after(30).then(() => Promise.reject(new Error('late failure')))), 5);
      await after(60);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('describes errors without a message by their code or name, and non-errors as text', async () => {
    const refused = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' });
    expect(await runCheck(readinessCheck('a', () => Promise.reject(refused)), 100)).toBe('error: ECONNREFUSED');
    expect(await runCheck(readinessCheck('a', () => Promise.reject(new TypeError(''))), 100)).toBe('error: TypeError');
    expect(await runCheck(readinessCheck('a', () => Promise.reject('down')), 100)).toBe('error: down');
  });

  it('keeps the message on one short line', async () => {
    const result = await runCheck(readinessCheck('a', () => Promise.reject(new Error(`first\n  second ${'x'.repeat(300)}`))), 100);
    expect(result).toMatch(/^error: first second x+…$/);
    expect(result.length).toBeLessThan(220);
  });
});

describe('runReadinessChecks', () => {
  it('is ready when every check passes, and with no checks at all', async () => {
    expect(await runReadinessChecks([readinessCheck('nats', async () => 1), readinessCheck('postgres', async () => 1)], 100)).toEqual({
      ready: true,
      checks: { nats: 'ok', postgres: 'ok' },
    });
    expect(await runReadinessChecks([], 100)).toEqual({ ready: true, checks: {} });
  });

  it('is not ready when one check fails, and still reports the others', async () => {
    const report = await runReadinessChecks(
      [readinessCheck('nats', async () => 1), readinessCheck('postgres', () => Promise.reject(new Error('connection refused')))],
      100,
    );
    expect(report).toEqual({ ready: false, checks: { nats: 'ok', postgres: 'error: connection refused' } });
  });

  it('runs the checks in parallel, so the slowest bounds the total', async () => {
    const started = Date.now();
    await runReadinessChecks([readinessCheck('a', () => after(100)), readinessCheck('b', () => after(100)), readinessCheck('c', never)], 120);
    // One after another they would take at least 320 ms.
    expect(Date.now() - started).toBeLessThan(300);
  });
});
