// Polling and deadlines for integration tests, which wait on servers and consumers that
// report nothing: a test polls the observable effect instead of sleeping a fixed time.

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds (default 5000). */
  timeoutMs?: number;
  /** Time between two attempts (default 50). */
  intervalMs?: number;
  /** Says what was awaited, for the timeout message. */
  description?: string;
}

/** Thrown by {@link withTimeout} and {@link waitFor} when the deadline passes. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Settles like `promise`, or rejects with a {@link TimeoutError} after `timeoutMs`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, description = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${description} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `predicate` until it returns a truthy value and resolves with that value.
 *
 * A predicate that throws counts as "not yet", so assertions can be polled too; the last
 * error is attached to the timeout so a failing test says why it kept waiting.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const { timeoutMs = 5000, intervalMs = 50, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as Exclude<T, false | 0 | '' | null | undefined>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new TimeoutError(`${description} not met within ${timeoutMs} ms${reason}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
