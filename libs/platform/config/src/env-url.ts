// URLs of the systems a service connects to. Checking the scheme up front turns
// "NATS_URL=localhost:4222" into a start-up error instead of a confusing connect loop.
import { envValue, parsed, rejected, type Parsed } from './env-value.js';

/** Accepted schemes (with the colon, as URL.protocol spells them) and default of a URL variable. */
export interface UrlOptions {
  readonly protocols: readonly string[];
  readonly default?: string;
}

/** Parses an absolute URL with a host and one of the accepted schemes; returns the trimmed text unchanged. */
export function parseUrl(raw: string, protocols: readonly string[]): Parsed<string> {
  const text = raw.trim();
  const problem = `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return rejected(problem);
  }
  if (!protocols.includes(url.protocol) || url.hostname === '') return rejected(problem);
  return parsed(text);
}

/** A zod schema for a URL variable, e.g. `envUrl({ protocols: ['http:', 'https:'] })`. */
export function envUrl(options: UrlOptions) {
  return envValue((raw) => parseUrl(raw, options.protocols), options.default);
}
