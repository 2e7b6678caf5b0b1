// PII scrubbing of an event in its canonical JSON form (the wire format), before anything is
// stored downstream. Each change is recorded as a `PiiAction` (path, rule, method) so a missing
// value can be explained. Rules follow Relay's defaults: `@password` (sensitive keys),
// `@creditcard`, `@email` (masked), `@ip`, and bearer tokens / URL secrets.
import type { PiiConfig } from './pii-config.js';
import { FILTERED, SECRET_QUERY_KEYS, stripQuerySecrets, stripUrlSecrets } from './url-normalizer.js';

/** How a value was changed (mirrors the contract's `PiiMethod`). */
export type PiiMethodName = 'remove' | 'replace' | 'mask';

/** One change made by the scrubber. */
export interface PiiChange {
  /** Dotted JSON path, e.g. `request.headers.Cookie` or `breadcrumbs.values.2.message`. */
  path: string;
  /** The rule that matched: `@password`, `@creditcard`, `@email`, `@ip`, `@bearer`, `@urlsecret`. */
  rule: string;
  method: PiiMethodName;
}

/** What the scrubber needs to know about the project besides its config. */
export interface ScrubOptions {
  /** The project keeps IP addresses (`projects.store_ip`): the `@ip` rule does not run. */
  storeIp?: boolean;
  /** At most this many changes are recorded (all are applied); default 200. */
  maxRecorded?: number;
}

/** The result of scrubbing: the changes, in order (the event is changed in place). */
export interface ScrubResult {
  changes: PiiChange[];
  /** Changes applied but not recorded because of `maxRecorded`. */
  unrecorded: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SENSITIVE_KEY = /pass(word|wd)?|secret|token|api[-_]?key|auth|credential|cookie|session|csrf|private[-_]?key/i;
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
const EMAIL = /\b([A-Za-z0-9._%+-])([A-Za-z0-9._%+-]*)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const IP_HEADERS = /^(x-forwarded-for|x-real-ip|forwarded|cf-connecting-ip|true-client-ip)$/i;
/** Top-level members that are protocol data, never user data. */
const UNTOUCHED_TOP = new Set(['event_id', 'timestamp', 'platform', 'level', 'logger', 'release', 'dist', 'environment', 'fingerprint', 'sdk', 'debug_meta', 'modules', 'server_name']);
/** A stack frame: only its `vars` are data; the rest is code location (file, line, source lines). */
const FRAME = /^exception\.values\.\d+\.stacktrace\.frames\.\d+$/;

/** Whether `n` passes the Luhn check (card numbers do; most other digit runs do not). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Masks an e-mail address: first character kept, the rest of the local part starred, domain kept. */
export function maskEmail(first: string, rest: string, domain: string): string {
  return `${first}${'*'.repeat(rest.length)}@${domain}`;
}

/** Scrubs `event` (canonical JSON of a SentryEvent) in place according to `config`. */
export function scrubEvent(event: Record<string, unknown>, config: PiiConfig, options: ScrubOptions = {}): ScrubResult {
  const result: ScrubResult = { changes: [], unrecorded: 0 };
  if (!config.enabled) return result;
  const max = options.maxRecorded ?? 200;
  const record = (path: string, rule: string, method: PiiMethodName) => {
    if (result.changes.length < max) result.changes.push({ path, rule, method });
    else result.unrecorded++;
  };
  const extra = config.extraKeys.map((k) => k.toLowerCase()).filter(Boolean);
  const safe = new Set(config.safeKeys.map((k) => k.toLowerCase()));
  const sensitive = (key: string) => {
    const lower = key.toLowerCase();
    if (safe.has(lower)) return false;
    return SENSITIVE_KEY.test(key) || extra.some((e) => lower.includes(e));
  };
  const ipRule = config.ipAddresses && !options.storeIp;

  if (ipRule) scrubIps(event, record);

  const visit = (value: Json, path: string, key: string, forced: boolean): Json => {
    if (value === null || typeof value === 'boolean') return value;
    const underSensitive = forced || (config.sensitiveKeys && key !== '' && sensitive(key) && !/^user\.(id|username|email)$/.test(path));
    if (Array.isArray(value)) return value.map((v, i) => visit(v, `${path}.${i}`, String(i), underSensitive));
    if (typeof value === 'object') {
      if (key !== '' && /^\d+$/.test(key) && FRAME.test(path)) {
        if (value.vars !== undefined) value.vars = visit(value.vars, `${path}.vars`, 'vars', underSensitive);
        return value;
      }
      for (const [k, v] of Object.entries(value)) {
        const childPath = path ? `${path}.${k}` : k;
        if (path === '' && UNTOUCHED_TOP.has(k)) continue;
        if (path === 'contexts' && k === 'trace') continue;
        value[k] = visit(v, childPath, k, underSensitive);
      }
      return value;
    }
    if (underSensitive) {
      if (value === FILTERED) return value;
      record(path, '@password', 'replace');
      return FILTERED;
    }
    if (typeof value !== 'string') return value;
    return scrubString(value, path);
  };

  const scrubString = (input: string, path: string): string => {
    let s = input;
    if (config.bearerTokens) {
      const next = s.replace(BEARER, `$1 ${FILTERED}`);
      if (next !== s) record(path, '@bearer', 'replace');
      s = next;
      const url = path === 'request.query_string' ? stripQuerySecrets(s, SECRET_QUERY_KEYS) : URL_LIKE.test(s) ? stripUrlSecrets(s) : s;
      if (url !== s) record(path, '@urlsecret', 'replace');
      s = url;
    }
    if (config.creditCards && /\d{4}/.test(s)) {
      const next = s.replace(CARD, (m) => {
        const digits = m.replace(/[ -]/g, '');
        return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? '[creditcard]' : m;
      });
      if (next !== s) record(path, '@creditcard', 'replace');
      s = next;
    }
    if (config.emails && path !== 'user.email' && s.includes('@')) {
      const next = s.replace(EMAIL, (_m, first: string, rest: string, domain: string) => maskEmail(first, rest, domain));
      if (next !== s) record(path, '@email', 'mask');
      s = next;
    }
    return s;
  };

  visit(event as Json, '', '', false);
  return result;
}

/** The `@ip` rule: the user's address, the CGI address and forwarding headers are removed. */
function scrubIps(event: Record<string, unknown>, record: (path: string, rule: string, method: PiiMethodName) => void): void {
  const user = event.user as Record<string, unknown> | undefined;
  if (user && typeof user.ip_address === 'string' && user.ip_address !== '') {
    delete user.ip_address;
    record('user.ip_address', '@ip', 'remove');
  }
  const request = event.request as Record<string, Record<string, unknown> | undefined> | undefined;
  if (request?.env && 'REMOTE_ADDR' in request.env) {
    delete request.env.REMOTE_ADDR;
    record('request.env.REMOTE_ADDR', '@ip', 'remove');
  }
  for (const name of Object.keys(request?.headers ?? {})) {
    if (IP_HEADERS.test(name)) {
      delete request!.headers![name];
      record(`request.headers.${name}`, '@ip', 'remove');
    }
  }
}
