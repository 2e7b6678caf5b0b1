/**
 * One readable line for any connection or query failure.
 *
 * Node reports a refused connection to a host with several addresses as an
 * AggregateError whose own message is empty; the useful part is in the inner errors.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map(errorMessage))].join('; ');
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    if (err.message) return err.message;
    if (typeof code === 'string') return code;
    return err.name;
  }
  return String(err);
}
