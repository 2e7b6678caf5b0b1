// Reading the two build-time comments of a minified file, and resolving a map reference against
// the file's URL. sentry-cli and the bundler plugins append `//# debugId=<uuid>`; bundlers append
// `//# sourceMappingURL=<url>` (PROTOCOLS.md §2.5, §2.7).

const MAPPING_URL_RE = /(?:\/\/|\/\*)[#@]\s*sourceMappingURL=\s*([^\s*'"]+)/g;
const DEBUG_ID_RE = /\/\/# debugId=\s*([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})/g;
/** Comments sit at the end of the file; reading only the tail keeps a 5 MB bundle from being scanned. */
const TAIL = 64 * 1024;

/** The last `sourceMappingURL` of a minified file (also the legacy `//@` and CSS `/*#` forms). */
export function sourceMappingUrl(minifiedText: string): string | undefined {
  return lastMatch(MAPPING_URL_RE, tail(minifiedText));
}

/** The debug id of a minified file from its `//# debugId=` comment, lower-cased and hyphenated. */
export function debugIdOf(minifiedText: string): string | undefined {
  const id = lastMatch(DEBUG_ID_RE, tail(minifiedText));
  return id === undefined ? undefined : normalizeDebugId(id);
}

/** Lower-case, hyphenated UUID form of a debug id (the SDK and sentry-cli both send this form). */
export function normalizeDebugId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase().slice(0, 32);
  if (hex.length !== 32) return id.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Resolves a map reference relative to the minified file's URL; `~/` bases stay in `~/` form. */
export function resolveReference(reference: string, baseUrl: string): string {
  if (/^[a-z][-a-z0-9+.]*:/i.test(reference)) return reference;
  // `~/` is sentry-cli's host-less URL form; resolve it as if it had a host, then drop that host.
  const tilde = baseUrl.startsWith('~/');
  const base = tilde ? `http://tilde.invalid${baseUrl.slice(1)}` : baseUrl;
  try {
    const resolved = new URL(reference, base).href;
    return tilde ? `~${resolved.slice('http://tilde.invalid'.length)}` : resolved;
  } catch {
    return reference;
  }
}

/** The decoded body of a `data:` URL (base64 or percent-encoded), or undefined if it is not one. */
export function decodeDataUrl(url: string): Uint8Array | undefined {
  const m = /^data:([^,]*),(.*)$/s.exec(url);
  if (!m) return undefined;
  const meta = m[1]!;
  const body = m[2]!;
  if (/;base64$/i.test(meta)) return new Uint8Array(Buffer.from(body, 'base64'));
  return new TextEncoder().encode(decodeURIComponent(body));
}

function tail(text: string): string {
  return text.length > TAIL ? text.slice(-TAIL) : text;
}

function lastMatch(re: RegExp, text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(re)) last = m[1];
  return last;
}
