import { readinessCheck } from './readiness-check.js';

describe('readinessCheck', () => {
  it('passes when the probe resolves, whatever it resolves to', async () => {
    const check = readinessCheck('postgres', async () => [{ '?column?': 1 }]);
    expect(check.name).toBe('postgres');
    await expect(check.check()).resolves.toBeUndefined();
  });

  it('fails with the probe error', async () => {
    const check = readinessCheck('nats', () => Promise.reject(new Error('connection closed')));
    await expect(check.check()).rejects.toThrow('connection closed');
  });
});
