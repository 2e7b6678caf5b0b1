// Request authentication in Relay's order (PROTOCOLS §1.2, relay-server request_meta.rs): the
// X-Sentry-Auth header, `Authorization: Sentry …`, `Authorization: Basic …`, the query string, and —
// for envelopes only, when nothing else is present — the envelope header's `dsn`. Two sources at
// once are rejected rather than guessed between, as Relay does.
import { DiscardReason } from '@faultline/contracts';
import { parseDsn } from './dsn.js';
import { IngestError } from './errors.js';

/** Where a request's credentials came from, and what they say. */
export interface SentryAuth {
  /** The DSN public key, 32 lower-case hex digits. */
  publicKey: string;
  /** `sentry_version`, when the client sent one. */
  version?: number;
  /** `sentry_client`, e.g. "sentry.javascript.browser/10.1.0". */
  client?: string;
  source: 'x-sentry-auth' | 'authorization' | 'basic' | 'query' | 'envelope-dsn';
}

/** What `extractAuth` looks at: Node-style lower-case headers, the parsed query, and the envelope header's dsn if read. */
export interface AuthInput {
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  envelopeDsn?: string;
}

/** The highest Sentry protocol version Relay (and so Faultline) speaks. */
export const MAX_PROTOCOL_VERSION = 7;

const PUBLIC_KEY = /^[0-9a-f]{32}$/i;

/** Finds the request's credentials or throws IngestError (missing_auth, bad_auth, multiple_auth, unsupported_version). */
export function extractAuth(input: AuthInput): SentryAuth {
  let found: SentryAuth | undefined;
  const take = (auth: SentryAuth): void => {
    if (found) {
      throw new IngestError(
        'multiple_auth',
        `multiple authorization payloads detected (${found.source} and ${auth.source})`,
        DiscardReason.AUTH_INVALID,
      );
    }
    found = auth;
  };

  const xSentryAuth = single(header(input.headers, 'x-sentry-auth'), 'X-Sentry-Auth header');
  if (xSentryAuth !== undefined) take(parseSentryHeader(xSentryAuth, 'x-sentry-auth', 'bad x-sentry-auth header'));

  const authorization = single(header(input.headers, 'authorization'), 'Authorization header');
  if (authorization !== undefined) {
    if (/^sentry /i.test(authorization)) {
      take(parseSentryHeader(authorization, 'authorization', 'bad authorization header'));
    } else if (/^basic /i.test(authorization)) {
      take(parseBasic(authorization.slice(6).trim()));
    }
    // Other schemes (Bearer, …) belong to proxies in front of us; Relay ignores them too.
  }

  if (Object.keys(input.query).some((k) => k.startsWith('sentry_'))) take(parseQuery(input.query));

  if (!found && input.envelopeDsn !== undefined) {
    const dsn = parseDsn(input.envelopeDsn);
    found = { publicKey: checkKey(dsn.publicKey, 'envelope dsn'), source: 'envelope-dsn' };
  }
  if (!found) throw new IngestError('missing_auth', 'missing authorization information', DiscardReason.AUTH_INVALID);
  return found;
}

function header(headers: AuthInput['headers'], name: string): string | string[] | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  // Node lower-cases header names, but callers building headers by hand may not.
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

function single(value: string | string[] | undefined, what: string): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > 1) throw new IngestError('multiple_auth', `multiple authorization payloads detected (${value.length} ${what}s)`, DiscardReason.AUTH_INVALID);
    return value[0];
  }
  return value;
}

/** Parses `Sentry sentry_key=…, sentry_version=7, sentry_client=…` (the `sentry_` prefix is optional, as in Relay). */
function parseSentryHeader(value: string, source: 'x-sentry-auth' | 'authorization', problem: string): SentryAuth {
  const space = value.indexOf(' ');
  if (space < 0 || value.slice(0, space).toLowerCase() !== 'sentry') {
    throw new IngestError('bad_auth', `${problem}: must start with "Sentry "`, DiscardReason.AUTH_INVALID);
  }
  const fields: Record<string, string> = {};
  for (const item of value.slice(space + 1).split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim().replace(/^sentry_/, '');
    fields[key] = item.slice(eq + 1).trim();
  }
  if (fields.key === undefined) throw new IngestError('bad_auth', `${problem}: no sentry_key`, DiscardReason.AUTH_INVALID);
  return build(fields.key, fields.version, fields.client, source, problem);
}

function parseBasic(encoded: string): SentryAuth {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const key = decoded.split(':', 1)[0] ?? '';
  return build(key, undefined, undefined, 'basic', 'bad authorization header');
}

function parseQuery(query: AuthInput['query']): SentryAuth {
  const first = (name: string): string | undefined => {
    const v = query[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const key = first('sentry_key');
  if (key === undefined || key === '') {
    throw new IngestError('missing_auth', 'missing authorization information: query string has sentry_ parameters but no sentry_key', DiscardReason.AUTH_INVALID);
  }
  return build(key, first('sentry_version'), first('sentry_client'), 'query', 'bad query string authentication');
}

function build(key: string, version: string | undefined, client: string | undefined, source: SentryAuth['source'], problem: string): SentryAuth {
  const auth: SentryAuth = { publicKey: checkKey(key, problem), source };
  if (version !== undefined && version !== '') {
    // Relay reads the version as a number; "7.0" style floats exist in the wild, so take the integer part.
    const n = Number.parseFloat(version);
    if (!Number.isFinite(n)) throw new IngestError('bad_auth', `${problem}: sentry_version "${version}" is not a number`, DiscardReason.AUTH_INVALID);
    if (n > MAX_PROTOCOL_VERSION) {
      throw new IngestError('unsupported_version', `unsupported protocol version (${version}); the highest supported is ${MAX_PROTOCOL_VERSION}`, DiscardReason.AUTH_INVALID);
    }
    auth.version = Math.trunc(n);
  }
  if (client !== undefined && client !== '') auth.client = client;
  return auth;
}

function checkKey(key: string, problem: string): string {
  if (!PUBLIC_KEY.test(key)) {
    throw new IngestError('bad_auth', `${problem}: public key must be 32 hex digits, got ${JSON.stringify(key.slice(0, 64))}`, DiscardReason.AUTH_INVALID);
  }
  return key.toLowerCase();
}
