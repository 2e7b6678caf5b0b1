// Exit codes and the two failures every command may raise.

/** Success. */
export const EXIT_OK = 0;
/** The command failed; the reason is printed on one line. */
export const EXIT_FAILURE = 1;
/** Unknown command, unknown flag, missing or malformed argument (usage is printed). */
export const EXIT_USAGE = 2;
/** Invalid environment (sysexits EX_CONFIG, like the services). */
export const EXIT_CONFIG = 78;

/** A usage mistake: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An expected failure with a reason fit to print as is, exit 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** One readable line for any error (a refused connection to a multi-address host is an AggregateError with no message). */
export function oneLine(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return [...new Set(err.errors.map(oneLine))].join('; ');
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const text = err.message || (typeof code === 'string' ? code : err.name);
    return text.split('\n')[0];
  }
  return String(err).split('\n')[0];
}
