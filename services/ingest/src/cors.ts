// CORS as browsers and the Sentry SDK need it (PROTOCOLS §1.6): simple requests from any
// allowed origin, preflights answered, and the rate-limit headers exposed so the SDK can
// read them.

/** Headers every ingest response carries. */
export function corsHeaders(origin: string | undefined, allowed: readonly string[] = ['*']): Record<string, string> {
  const allowOrigin = allowed.includes('*') ? '*' : origin && originAllowed(origin, allowed) ? origin : 'null';
  const headers: Record<string, string> = {
    'access-control-allow-origin': allowOrigin,
    'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
    'cross-origin-resource-policy': 'cross-origin',
  };
  if (allowOrigin !== '*') headers.vary = 'Origin';
  return headers;
}

/** Headers of the answer to a preflight (OPTIONS) request. */
export function preflightHeaders(origin: string | undefined): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers':
      'x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, content-type, authentication, authorization, content-encoding, transfer-encoding, sentry-trace, baggage',
    'access-control-max-age': '3600',
  };
}

/**
 * Whether `origin` may send events: `*` allows all; an entry is an origin
 * (`https://app.example.com`), a wildcard origin (`https://*.example.com`), a host or a
 * wildcard host. Requests without an Origin header (servers, sentry-cli) are allowed.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (!origin) return true; // not a browser: servers and CLIs send no Origin
  if (origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return allowed.some((entry) => {
    if (entry === origin || entry === url.host) return true;
    // `https://*.example.com` (as the projects store keeps it) or a bare `*.example.com`.
    const wildcard = /^(?:(https?):\/\/)?\*\.([^/:]+)(?::(\d+))?$/.exec(entry);
    if (!wildcard) return false;
    const [, scheme, domain, port] = wildcard;
    if (scheme && `${scheme}:` !== url.protocol) return false;
    if (port && port !== url.port) return false;
    return url.hostname === domain || url.hostname.endsWith(`.${domain}`);
  });
}
