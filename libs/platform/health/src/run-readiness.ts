// Running readiness checks: all at once, each bounded by a timeout, so one hung
// dependency makes /readyz answer "unavailable" instead of not answering.
import type { ReadinessCheck } from './readiness-check.js';

/** What /readyz reports: overall readiness and one line per check ("ok" or "error: …"). */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, string>;
}

// Long driver messages (a stack, an SQL statement) would make the body unreadable.
const MAX_MESSAGE_LENGTH = 200;

/** Runs every check in parallel, each failing after `timeoutMs`, and reports them all. */
export async function runReadinessChecks(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => runCheck(check, timeoutMs)));
  return {
    ready: results.every((result) => result === 'ok'),
    checks: Object.fromEntries(checks.map((check, index) => [check.name, results[index] ?? 'error: not run'])),
  };
}

/** Runs one check and describes its outcome: "ok", "error: <message>" or "error: timed out after <n>ms". */
export async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    // Unreferenced, so a pending probe never holds up process exit.
    timer = setTimeout(() => resolve(`error: timed out after ${timeoutMs}ms`), timeoutMs).unref();
  });
  // The executor turns a check that throws synchronously into a rejection.
  const outcome = new Promise<void>((resolve) => resolve(check.check())).then(
    () => 'ok',
    (error: unknown) => `error: ${describeError(error)}`,
  );
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  let message: string;
  if (error instanceof Error) {
    // Node reports a refused connection to a host with several addresses as an
    // AggregateError whose message is empty; its code is the useful part.
    const code = (error as { code?: unknown }).code;
    message = error.message || (typeof code === 'string' ? code : '') || error.name;
  } else {
    message = String(error);
  }
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}…` : line;
}
