// Normalisers for the smaller event interfaces (message/logentry, breadcrumbs, request, user, sdk,
// debug_meta), each accepting the shapes Sentry tolerates and producing the contract's init shape.
import type {
  BreadcrumbSchema,
  DebugMetaSchema,
  HttpRequestSchema,
  JsonObject,
  JsonValue,
  LogEntrySchema,
  MessageInitShape,
  SdkInfoSchema,
  SentryUserSchema,
} from '@faultline/contracts';
import { describeJson, invalidEvent } from './errors.js';
import {
  isRecord,
  optArray,
  optLenientString,
  optRecord,
  optString,
  optStringList,
  optStringMap,
  optStruct,
  toValueInit,
  type JsonRecord,
} from './json-readers.js';
import { optTimestamp } from './timestamp.js';

/** Sentry's message length limit (PROTOCOLS §1.9): longer messages are cut, not rejected. */
const MAX_MESSAGE_LENGTH = 8192;

/** `message` (a string or a logentry object) and `logentry`; `logentry` wins when both are sent, as in Relay. */
export function normalizeLogEntry(message: unknown, logentry: unknown): MessageInitShape<typeof LogEntrySchema> | undefined {
  if (logentry !== undefined && logentry !== null) return logEntryObject(logentry, 'logentry');
  if (message === undefined || message === null) return undefined;
  if (typeof message === 'string') return { formatted: clip(message) };
  return logEntryObject(message, 'message');
}

function logEntryObject(value: unknown, path: string): MessageInitShape<typeof LogEntrySchema> {
  if (typeof value === 'string') return { formatted: clip(value) };
  if (!isRecord(value)) throw invalidEvent(path, `expected a string or an object with "message"/"formatted", got ${describeJson(value)}`);
  const entry: MessageInitShape<typeof LogEntrySchema> = {};
  const template = optString(value.message, `${path}.message`);
  if (template !== undefined) entry.message = clip(template);
  const formatted = optString(value.formatted, `${path}.formatted`);
  if (formatted !== undefined) entry.formatted = clip(formatted);
  const params = value.params;
  if (params !== undefined && params !== null) {
    // Python SDKs send named params as an object; keep their values in order.
    const list = Array.isArray(params) ? params : isRecord(params) ? Object.values(params) : undefined;
    if (!list) throw invalidEvent(`${path}.params`, `expected a list or an object, got ${describeJson(params)}`);
    entry.params = list.map((p) => toValueInit(p as JsonValue));
  }
  return entry;
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE_LENGTH ? s.slice(0, MAX_MESSAGE_LENGTH) : s;
}

/** `breadcrumbs` as `{values: [...]}` or a bare array; keeps the newest `max`, the ones closest to the error. */
export function normalizeBreadcrumbs(value: unknown, max: number): MessageInitShape<typeof BreadcrumbSchema>[] | undefined {
  if (value === undefined || value === null) return undefined;
  let list: unknown[];
  let path: string;
  if (Array.isArray(value)) {
    list = value;
    path = 'breadcrumbs';
  } else if (isRecord(value)) {
    list = optArray(value.values, 'breadcrumbs.values') ?? [];
    path = 'breadcrumbs.values';
  } else {
    throw invalidEvent('breadcrumbs', `expected an object with "values" or a list, got ${describeJson(value)}`);
  }
  const out: MessageInitShape<typeof BreadcrumbSchema>[] = [];
  for (let i = Math.max(0, list.length - max); i < list.length; i++) {
    const raw = list[i];
    const p = `${path}[${i}]`;
    if (raw === null) continue;
    if (!isRecord(raw)) throw invalidEvent(p, `expected a breadcrumb object, got ${describeJson(raw)}`);
    const crumb: MessageInitShape<typeof BreadcrumbSchema> = {
      timestamp: optTimestamp(raw.timestamp, `${p}.timestamp`),
      type: optString(raw.type, `${p}.type`) ?? '',
      category: optString(raw.category, `${p}.category`) ?? '',
      level: optString(raw.level, `${p}.level`) ?? '',
      message: optLenientString(raw.message, `${p}.message`) ?? '',
      data: optStruct(raw.data, `${p}.data`),
      eventId: optString(raw.event_id, `${p}.event_id`) ?? '',
    };
    out.push(crumb);
  }
  return out;
}

/** The `request` interface; query strings and cookies given as objects or pairs become Sentry's canonical forms. */
export function normalizeRequest(value: unknown): MessageInitShape<typeof HttpRequestSchema> | undefined {
  const raw = optRecord(value, 'request');
  if (!raw) return undefined;
  const req: MessageInitShape<typeof HttpRequestSchema> = {
    url: optString(raw.url, 'request.url') ?? '',
    method: (optString(raw.method, 'request.method') ?? '').toUpperCase(),
    headers: optStringMap(raw.headers, 'request.headers'),
    queryString: queryString(raw.query_string),
    cookies: cookies(raw.cookies),
    env: optStringMap(raw.env, 'request.env'),
  };
  if (raw.data !== undefined && raw.data !== null) req.data = toValueInit(raw.data as JsonValue);
  return req;
}

function queryString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.startsWith('?') ? value.slice(1) : value;
  const map = optStringMap(value, 'request.query_string');
  return new URLSearchParams(map).toString();
}

function cookies(value: unknown): Record<string, string> {
  if (typeof value !== 'string') return optStringMap(value, 'request.cookies');
  const out: Record<string, string> = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const USER_KEYS = new Set(['id', 'email', 'ip_address', 'username', 'segment', 'geo', 'data']);

/** The `user` interface; keys the contract has no field for go to `data`, as Relay keeps them in `other`. */
export function normalizeUser(value: unknown): MessageInitShape<typeof SentryUserSchema> | undefined {
  const raw = optRecord(value, 'user');
  if (!raw) return undefined;
  const user: MessageInitShape<typeof SentryUserSchema> = {
    id: optLenientString(raw.id, 'user.id') ?? '',
    email: optString(raw.email, 'user.email') ?? '',
    ipAddress: optString(raw.ip_address, 'user.ip_address') ?? '',
    username: optLenientString(raw.username, 'user.username') ?? '',
    segment: optString(raw.segment, 'user.segment') ?? '',
  };
  const geo = optRecord(raw.geo, 'user.geo');
  if (geo) {
    user.geo = {
      countryCode: optString(geo.country_code, 'user.geo.country_code') ?? '',
      city: optString(geo.city, 'user.geo.city') ?? '',
      subdivision: optString(geo.subdivision, 'user.geo.subdivision') ?? '',
      region: optString(geo.region, 'user.geo.region') ?? '',
    };
  }
  const data: JsonObject | undefined = optStruct(raw.data, 'user.data');
  let merged: JsonObject | undefined;
  for (const key in raw) {
    if (USER_KEYS.has(key) || raw[key] === undefined) continue;
    merged ??= { ...data };
    merged[key] = raw[key] as JsonValue;
  }
  if (merged ?? data) user.data = merged ?? data;
  return user;
}

/** The `sdk` interface. */
export function normalizeSdk(value: unknown): MessageInitShape<typeof SdkInfoSchema> | undefined {
  const raw = optRecord(value, 'sdk');
  if (!raw) return undefined;
  const sdk: MessageInitShape<typeof SdkInfoSchema> = {
    name: optString(raw.name, 'sdk.name') ?? '',
    version: optLenientString(raw.version, 'sdk.version') ?? '',
    integrations: optStringList(raw.integrations, 'sdk.integrations'),
    packages: (optArray(raw.packages, 'sdk.packages') ?? []).map((p, i) => {
      const pkg = optRecord(p, `sdk.packages[${i}]`) ?? {};
      return { name: optString(pkg.name, `sdk.packages[${i}].name`) ?? '', version: optLenientString(pkg.version, `sdk.packages[${i}].version`) ?? '' };
    }),
  };
  const settings = optRecord(raw.settings, 'sdk.settings');
  if (settings) sdk.settings = { inferIp: optString(settings.infer_ip, 'sdk.settings.infer_ip') ?? '' };
  return sdk;
}

/** The `debug_meta` interface, reduced to the fields source-map lookup uses. */
export function normalizeDebugMeta(value: unknown): MessageInitShape<typeof DebugMetaSchema> | undefined {
  const raw = optRecord(value, 'debug_meta');
  if (!raw) return undefined;
  const images = optArray(raw.images, 'debug_meta.images') ?? [];
  return {
    images: images.filter((img) => img !== null).map((img, i) => {
      const p = `debug_meta.images[${i}]`;
      const r: JsonRecord = optRecord(img, p) ?? {};
      return {
        type: optString(r.type, `${p}.type`) ?? '',
        codeFile: optString(r.code_file, `${p}.code_file`) ?? '',
        debugId: optString(r.debug_id, `${p}.debug_id`) ?? '',
      };
    }),
  };
}
