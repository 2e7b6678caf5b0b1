import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';

import { readinessCheck } from './readiness-check.js';
import { ReadinessService } from './readiness.service.js';

describe('ReadinessService', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs a check only when its result changes', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    let up = true;
    const service = new ReadinessService({}, [readinessCheck('nats', () => (up ? Promise.resolve() : Promise.reject(new Error('closed'))))]);
    await service.check();
    up = false;
    await service.check();
    await service.check();
    up = true;
    await service.check();
    await service.check();
    expect(warn.mock.calls).toEqual([['readiness check nats failed: error: closed']]);
    expect(log.mock.calls).toEqual([['readiness check nats recovered']]);
  });

  it('uses the configured timeout', async () => {
    const service = new ReadinessService({ timeoutMs: 10 }, [readinessCheck('hang', () => new Promise<never>(() => undefined))]);
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    expect((await service.check()).checks).toEqual({ hang: 'error: timed out after 10ms' });
  });

  it('shares the readiness gauge with another instance on the same registry', async () => {
    const registry = new Registry();
    const first = new ReadinessService({}, [readinessCheck('a', async () => 1)], registry);
    const second = new ReadinessService({}, [readinessCheck('b', async () => 1)], registry);
    await first.check();
    await second.check();
    const text = await registry.metrics();
    expect(text).toContain('faultline_readiness_check_up{check="a"} 1');
    expect(text).toContain('faultline_readiness_check_up{check="b"} 1');
  });
});
