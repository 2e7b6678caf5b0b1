import { TimeoutError, waitFor, withTimeout } from './wait-for.js';

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('after 3');
  });

  it('treats a throwing predicate as not yet and reports its last error on timeout', async () => {
    const failing = waitFor(
      () => {
        throw new Error('still 2 messages pending');
      },
      { timeoutMs: 30, intervalMs: 5, description: 'empty queue' },
    );
    await expect(failing).rejects.toThrow(TimeoutError);
    await expect(failing).rejects.toThrow(/empty queue not met within 30 ms: still 2 messages pending/);
  });

  it('accepts async predicates', async () => {
    let ready = false;
    setTimeout(() => (ready = true), 20);
    await expect(waitFor(async () => ready, { intervalMs: 5 })).resolves.toBe(true);
  });
});

describe('withTimeout', () => {
  it('passes the result through when in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 100)).resolves.toBe(42);
  });

  it('passes the rejection through when in time', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 100)).rejects.toThrow('boom');
  });

  it('rejects with a TimeoutError naming the operation when too slow', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 10, 'connect')).rejects.toThrow(/connect did not finish within 10 ms/);
  });
});
