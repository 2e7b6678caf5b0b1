// Booleans from environment text. Only four spellings are accepted so that a typo
// such as "ture" or "yes" is an error instead of silently meaning false.
import { envValue, parsed, rejected, type Parsed } from './env-value.js';

/** Parses 'true'/'false'/'1'/'0' (case-insensitive, surrounding spaces ignored). */
export function parseBoolean(raw: string): Parsed<boolean> {
  const text = raw.trim().toLowerCase();
  if (text === 'true' || text === '1') return parsed(true);
  if (text === 'false' || text === '0') return parsed(false);
  return rejected('must be true, false, 1 or 0');
}

/** A zod schema for a boolean variable, e.g. `envBoolean({ default: false })`. */
export function envBoolean(options: { readonly default?: boolean } = {}) {
  return envValue(parseBoolean, options.default === undefined ? undefined : String(options.default));
}
