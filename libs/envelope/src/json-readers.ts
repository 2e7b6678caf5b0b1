// Typed readers for untrusted event JSON. Each takes the JSON path of the value so a rejection says
// exactly where the problem is ("exception.values[0].stacktrace.frames[3].lineno: …"). `null` means
// "absent" everywhere, as in Sentry's protocol. The readers are deliberately small and allocation-free
// on the happy path: they run for every field of every event on the ingest hot path.
import type { JsonObject, JsonValue } from '@faultline/contracts';
import { describeJson, invalidEvent } from './errors.js';

/** A JSON object as parsed (keys to unknown values). */
export type JsonRecord = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an optional object; anything else but null/undefined is an error. */
export function optRecord(value: unknown, path: string): JsonRecord | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidEvent(path, `expected an object, got ${describeJson(value)}`);
  return value;
}

/** Reads an optional array; anything else but null/undefined is an error. */
export function optArray(value: unknown, path: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidEvent(path, `expected an array, got ${describeJson(value)}`);
  return value;
}

/** Reads an optional string strictly (numbers are refused: a number where a name belongs is a client bug). */
export function optString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidEvent(path, `expected a string, got ${describeJson(value)}`);
  return value;
}

/** Reads an optional string leniently: numbers and booleans are stringified, as Relay's LenientString does (release, ids, tag values). */
export function optLenientString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalidEvent(path, `expected a string, got ${describeJson(value)}`);
}

/** Reads an optional non-negative integer; numeric strings ("12") are accepted, other strings are an error. */
export function optUint(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) n = Number(value);
  else throw invalidEvent(path, `expected a non-negative integer, got ${describeJson(value)}`);
  if (!Number.isFinite(n) || n < 0) throw invalidEvent(path, `expected a non-negative integer, got ${describeJson(value)}`);
  // Some SDKs send columns as floats; the contract's uint32 cannot hold more.
  return Math.min(Math.trunc(n), 0xffffffff);
}

/** Reads an optional boolean strictly. */
export function optBool(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidEvent(path, `expected a boolean, got ${describeJson(value)}`);
  return value;
}

/** Reads an optional free-form object for a google.protobuf.Struct field (contexts, extra, data, vars). */
export function optStruct(value: unknown, path: string): JsonObject | undefined {
  return optRecord(value, path) as JsonObject | undefined;
}

/** Reads an optional list of strings; numbers are stringified (fingerprints like [404] exist). */
export function optStringList(value: unknown, path: string): string[] {
  const list = optArray(value, path);
  if (!list) return [];
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = optLenientString(list[i], `${path}[${i}]`);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** Reads a string map given as an object or as `[[key, value], …]` pairs (Sentry accepts both for tags, headers, modules). */
export function optStringMap(value: unknown, path: string, maxValueLength = Infinity): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const pair = value[i];
      if (pair === null) continue;
      if (!Array.isArray(pair) || pair.length !== 2) throw invalidEvent(`${path}[${i}]`, `expected a [key, value] pair, got ${describeJson(pair)}`);
      const key = optLenientString(pair[0], `${path}[${i}][0]`);
      const v = stringValue(pair[1], `${path}[${i}][1]`);
      if (key !== undefined && v !== undefined) out[key] = clip(v, maxValueLength);
    }
    return out;
  }
  if (!isRecord(value)) throw invalidEvent(path, `expected an object or a list of [key, value] pairs, got ${describeJson(value)}`);
  for (const key in value) {
    const v = stringValue(value[key], `${path}.${key}`);
    if (v !== undefined) out[key] = clip(v, maxValueLength);
  }
  return out;
}

/** Any JSON value as a map value: strings as they are, scalars stringified, objects and arrays as JSON text. */
function stringValue(value: unknown, _path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** The init shape of a google.protobuf.Value message for a JSON value (for LogEntry.params and HttpRequest.data). */
export type ValueInit =
  | { kind: { case: 'nullValue'; value: 0 } }
  | { kind: { case: 'numberValue'; value: number } }
  | { kind: { case: 'stringValue'; value: string } }
  | { kind: { case: 'boolValue'; value: boolean } }
  | { kind: { case: 'structValue'; value: { fields: Record<string, ValueInit> } } }
  | { kind: { case: 'listValue'; value: { values: ValueInit[] } } };

/** Converts parsed JSON into the init shape of google.protobuf.Value. */
export function toValueInit(value: JsonValue | undefined): ValueInit {
  if (value === null || value === undefined) return { kind: { case: 'nullValue', value: 0 } };
  if (typeof value === 'number') return { kind: { case: 'numberValue', value } };
  if (typeof value === 'string') return { kind: { case: 'stringValue', value } };
  if (typeof value === 'boolean') return { kind: { case: 'boolValue', value } };
  if (Array.isArray(value)) return { kind: { case: 'listValue', value: { values: value.map(toValueInit) } } };
  // Inside a Value the Struct is a real message (protobuf-es unboxes only Struct-typed fields), so it needs its `fields`.
  const fields: Record<string, ValueInit> = {};
  for (const key in value) fields[key] = toValueInit(value[key]);
  return { kind: { case: 'structValue', value: { fields } } };
}
