// What the logger never writes, and how it finds it. Pino's own path-based redaction
// needs one wildcard path per key per depth, and those cost tens of microseconds a
// line; a single walk over the logged object costs about one. So log objects are
// walked (formatters.log), request and response are cleaned by their serializers, and
// pino's redaction is kept only for top-level keys of child-logger bindings, which
// the walk cannot reach.

/** Text that replaces a redacted value. */
export const REDACTED = '[Redacted]';

/** How many objects deep the walk looks for secret keys (0 = top level of the log line). */
export const REDACT_MAX_DEPTH = 8;

/** HTTP headers that carry credentials: the Sentry SDK puts its key in x-sentry-auth. */
export const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-sentry-auth'] as const;

/** Key names whose values are secrets wherever they appear. */
export const SECRET_KEYS = ['password', 'secret', 'token', 'privateKey', 'private_key', 'sentry_key', 'sentry_secret', 'dsn'] as const;

// Matching is on whole key names, ignoring case: "Authorization" and "PASSWORD" are
// caught, but "tokenBucketSize" is not, so rate-limiter state stays readable.
const SECRET_NAMES = new Set<string>([...SECRET_KEYS, ...SECRET_HEADERS].map((name) => name.toLowerCase()));

/** Tells whether a key (or query parameter) name is one whose value is never logged. */
export function isSecretKey(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/**
 * Returns the value with every secret key replaced by REDACTED, in plain objects and
 * arrays up to REDACT_MAX_DEPTH. The input is never modified: changed branches are
 * copied, unchanged ones shared. Class instances (errors, buffers, dates) are kept
 * as they are, since their serializers decide what of them is written.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > REDACT_MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const cleaned = redactSecrets(item, depth + 1);
      if (cleaned !== item) (copy ??= [...value])[index] = cleaned;
    });
    return (copy ?? value) as T;
  }
  if (!isPlainObject(value)) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(record)) {
    const cleaned = isSecretKey(key) ? REDACTED : redactSecrets(item, depth + 1);
    if (cleaned !== item) (copy ??= { ...record })[key] = cleaned;
  }
  return (copy ?? value) as T;
}

// Plain objects include dictionaries built on a null-prototype object, as query-string
// parsers do; anything with a class in its prototype chain is not plain.
function isPlainObject(value: object): boolean {
  const proto: object | null = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/** Replaces secret query parameters in a request URL; the Sentry SDK sends `?sentry_key=…` on every envelope. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  const secretNames = [...new Set(params.keys())].filter(isSecretKey);
  if (secretNames.length === 0) return url;
  for (const name of secretNames) params.set(name, REDACTED);
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

/** Pino `redact.paths` for secret keys at the top level of child-logger bindings. */
export function bindingRedactPaths(): string[] {
  const names = [...SECRET_KEYS, ...SECRET_HEADERS];
  return names.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase()]).filter((name, i, all) => all.indexOf(name) === i).map((name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`));
}
