// Page URL normalisation: the URL without query, fragment or credentials, and a route whose ids,
// UUIDs and hashes are placeholders, so `/orders/8812/items/3f9a…` and `/orders/17/items/c01d…`
// are one route for tags, alerts and grouping. Query strings keep their keys but lose secrets.

/** A page URL reduced to what can be compared across events. */
export interface NormalizedPageUrl {
  /** Scheme, host and path, without query, fragment or credentials. */
  url: string;
  /** Host (with the port when it is not the default one). */
  host: string;
  /** Path with variable segments replaced: `:uuid`, `:id`, `:hash`. */
  route: string;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const HEX_HASH = /^[0-9a-f]{12,}$/i;
// Long tokens mixing letters and digits (session ids, base64 ids, content hashes in file names).
const OPAQUE = /^(?=.*\d)(?=.*[a-z])[A-Za-z0-9_-]{20,}$/i;

/** Normalises one path segment. */
export function normalizeSegment(segment: string): string {
  if (segment === '') return segment;
  if (UUID.test(segment)) return ':uuid';
  if (NUMBER.test(segment)) return ':id';
  if (HEX_HASH.test(segment) && /\d/.test(segment)) return ':hash';
  if (OPAQUE.test(segment)) return ':hash';
  // `main.3f9a1c2b.js`: a hash between dots.
  return segment.replace(/(?<=\.)[0-9a-f]{8,}(?=\.)/gi, ':hash');
}

/** Normalises a page URL; undefined when it is not an absolute http(s) URL or a path. */
export function normalizeUrl(raw: string): NormalizedPageUrl | undefined {
  let url: URL;
  try {
    url = new URL(raw, raw.startsWith('/') ? 'http://relative.invalid' : undefined);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  const relative = url.host === 'relative.invalid';
  const path = url.pathname.split('/').map(normalizeSegment).join('/');
  return {
    url: relative ? url.pathname : `${url.protocol}//${url.host}${url.pathname}`,
    host: relative ? '' : url.host,
    route: path || '/',
  };
}

/** Query parameter names whose values are secrets. */
export const SECRET_QUERY_KEYS = /pass(word|wd)?|secret|token|api[-_]?key|auth|credential|session|sig(nature)?|code|key$/i;

/** The placeholder a scrubbed value is replaced with. */
export const FILTERED = '[Filtered]';

/**
 * Removes secrets from a URL: credentials (`user:pass@`) and the values of query parameters
 * whose names look secret. Returns the URL unchanged when there is nothing to remove.
 */
export function stripUrlSecrets(raw: string, secretKeys: RegExp = SECRET_QUERY_KEYS): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*@)?([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(raw);
  if (!match) return stripQuerySecrets(raw, secretKeys);
  const [, scheme, userinfo, rest, query, fragment] = match;
  const cleanUser = userinfo ? (userinfo.includes(':') ? `${userinfo.split(':')[0]}:${FILTERED}@` : userinfo) : '';
  return `${scheme}${cleanUser}${rest}${query ? `?${stripQuerySecrets(query.slice(1), secretKeys)}` : ''}${fragment ?? ''}`;
}

/** Replaces the values of secret-looking parameters of a query string (without its `?`). */
export function stripQuerySecrets(query: string, secretKeys: RegExp = SECRET_QUERY_KEYS): string {
  if (query === '') return query;
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let key = pair.slice(0, eq);
      try {
        key = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // Keep the raw key: a malformed escape is not a reason to keep a secret.
      }
      return secretKeys.test(key) && pair.length > eq + 1 ? `${pair.slice(0, eq)}=${encodeURIComponent(FILTERED)}` : pair;
    })
    .join('&');
}
