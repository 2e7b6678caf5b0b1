// A compiled writer of canonical proto3 JSON straight to a string, for the hot paths (ingest
// publishes every event, enrichment and clustering one each). protobuf-es builds a message
// (`create`), then a JSON object (`toJson`), then a string (`JSON.stringify`); this writer
// walks the message — or the plain init object it would be created from — once and appends
// text. Its output is byte-for-byte what `toJsonString(schema, create(schema, value))` gives
// with the default options (json-writer.spec.ts checks that on every contract message and on
// generated edge cases); types it has no fast path for go through protobuf-es.
import { create, ScalarType, toJson, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { base64Encode } from '@bufbuild/protobuf/wire';

type Writer = (value: unknown) => string;
/** Appends `"name":value` (with a leading comma unless first) to `out`, or returns `out` unchanged. */
type FieldWriter = (message: Record<string, unknown>, out: string) => string;

const IMPLICIT = 2;
const compiled = new WeakMap<DescMessage, Writer>();

/** Writes `value` (a message of `schema` or its init shape) as canonical proto3 JSON. */
export function writeJson(schema: DescMessage, value: unknown): string {
  return messageWriter(schema)(value);
}

function messageWriter(desc: DescMessage): Writer {
  let writer = compiled.get(desc);
  if (writer === undefined) writer = compileMessage(desc);
  return writer;
}

function compileMessage(desc: DescMessage): Writer {
  const special = compileWellKnown(desc);
  if (special !== undefined) {
    compiled.set(desc, special);
    return special;
  }
  const fields: FieldWriter[] = [];
  const writer: Writer = (value) => {
    const message = value as Record<string, unknown>;
    let out = '';
    for (let i = 0; i < fields.length; i++) out = fields[i](message, out);
    return `{${out}}`;
  };
  // Registered before the fields compile, so recursive types resolve to this writer.
  compiled.set(desc, writer);
  for (const field of [...desc.fields].sort((a, b) => a.number - b.number)) fields.push(compileField(field));
  return writer;
}

/** Well-known types whose JSON is not an object of their fields; undefined for the others. */
function compileWellKnown(desc: DescMessage): Writer | undefined {
  switch (desc.typeName) {
    case 'google.protobuf.Timestamp':
      return (value) => `"${timestampText(value as { seconds?: bigint | number | string; nanos?: number })}"`;
    case 'google.protobuf.Struct':
      return (value) => structText(value as { fields?: Record<string, unknown> });
    case 'google.protobuf.Value':
      return (value) => valueText(value as ValueMessage);
    case 'google.protobuf.ListValue':
      return (value) => listText(value as { values?: ValueMessage[] });
    default:
      // Duration, wrappers, Any, FieldMask, Empty: rare here, written by protobuf-es.
      if (desc.typeName.startsWith('google.protobuf.')) return (value) => JSON.stringify(toJson(desc, create(desc, value as never)));
      return undefined;
  }
}

function compileField(field: DescField): FieldWriter {
  const key = `${JSON.stringify(field.jsonName)}:`;
  const next = `,${key}`;
  const local = field.localName;
  if (field.fieldKind === 'list') {
    const item = elementWriter(field, field.listKind);
    return (message, out) => {
      const list = message[local] as unknown[] | null | undefined;
      if (list == null || list.length === 0) return out;
      let text = item(list[0]);
      for (let i = 1; i < list.length; i++) text += `,${item(list[i])}`;
      return `${out === '' ? key : out + next}[${text}]`;
    };
  }
  if (field.fieldKind === 'map') {
    const entry = elementWriter(field, field.mapKind);
    return (message, out) => {
      const map = message[local] as Record<string, unknown> | null | undefined;
      if (map == null) return out;
      let text = '';
      for (const name in map) {
        if (!Object.hasOwn(map, name)) continue;
        text += `${text === '' ? '' : ','}${JSON.stringify(name)}:${entry(map[name])}`;
      }
      return text === '' ? out : `${out === '' ? key : out + next}{${text}}`;
    };
  }
  const write = singularWriter(field);
  if (field.oneof) {
    const group = field.oneof.localName;
    return (message, out) => {
      const oneof = message[group] as { case?: string; value?: unknown } | null | undefined;
      return oneof != null && oneof.case === local ? (out === '' ? key : out + next) + write(oneof.value) : out;
    };
  }
  if (field.presence !== IMPLICIT) {
    return (message, out) => {
      const value = message[local];
      return value != null ? (out === '' ? key : out + next) + write(value) : out;
    };
  }
  const isZero = zeroTest(field);
  return (message, out) => {
    const value = message[local];
    return value != null && !isZero(value) ? (out === '' ? key : out + next) + write(value) : out;
  };
}

/** The zero value test of an implicit-presence field, as protobuf-es applies it. */
function zeroTest(field: DescField): (value: unknown) => boolean {
  if (field.fieldKind === 'enum') {
    const zero = field.enum.values[0]?.number ?? 0;
    return (value) => value === zero;
  }
  if (field.fieldKind !== 'scalar') return () => false;
  switch (field.scalar) {
    case ScalarType.BOOL:
      return (value) => value === false;
    case ScalarType.STRING:
      return (value) => value === '';
    case ScalarType.BYTES:
      return (value) => (value as ArrayLike<number>).length === 0;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return (value) => Object.is(value, 0);
    default:
      // Loose comparison, as protobuf-es: 0, 0n and "0" are all zero.
      return (value) => value == 0;
  }
}

function singularWriter(field: DescField): Writer {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarWriter(field, field.scalar);
    case 'enum':
      return enumWriter(field.enum, field);
    case 'message':
      return messageFieldWriter(field, field.message);
    default:
      throw new Error(`unexpected field kind of ${field.toString()}`);
  }
}

/** The writer of one element of a list or one value of a map. */
function elementWriter(field: DescField, kind: 'scalar' | 'enum' | 'message'): Writer {
  // A list or map field carries the element's scalar, enum or message descriptor by its kind.
  const f = field as unknown as { scalar: ScalarType; enum: DescEnum; message: DescMessage };
  if (kind === 'scalar') return scalarWriter(field, f.scalar);
  if (kind === 'enum') return enumWriter(f.enum, field);
  return messageFieldWriter(field, f.message);
}

/** A message-typed field; a Struct field holds a plain JSON object (protobuf-es' field shape). */
function messageFieldWriter(field: DescField, desc: DescMessage): Writer {
  if (desc.typeName === 'google.protobuf.Struct' && field.parent.typeName !== 'google.protobuf.Value') {
    return (value) => {
      const object = value as Record<string, unknown>;
      return object.$typeName === 'google.protobuf.Struct' ? structText(object as { fields?: Record<string, unknown> }) : jsonObjectText(object);
    };
  }
  // Resolved on first use: the type may be the field's own message, still compiling.
  let write: Writer | undefined;
  return (value) => (write ??= messageWriter(desc))(value);
}

function enumWriter(desc: DescEnum, field: DescField): Writer {
  if (desc.typeName === 'google.protobuf.NullValue') return () => 'null';
  const names = new Map(desc.values.map((v) => [v.number, JSON.stringify(v.jsonName)]));
  return (value) => {
    if (typeof value !== 'number') throw new Error(`cannot encode ${field.toString()} to JSON: expected number, got ${typeof value}`);
    return names.get(value) ?? String(value);
  };
}

function scalarWriter(field: DescField, scalar: ScalarType): Writer {
  const fail = (value: unknown) => new Error(`cannot encode ${field.toString()} to JSON: unexpected ${typeof value} value`);
  switch (scalar) {
    case ScalarType.STRING:
      return (value) => {
        if (typeof value !== 'string') throw fail(value);
        return quote(value);
      };
    case ScalarType.BOOL:
      return (value) => {
        if (typeof value !== 'boolean') throw fail(value);
        return value ? 'true' : 'false';
      };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return (value) => {
        if (typeof value !== 'number') throw fail(value);
        if (Number.isNaN(value)) return '"NaN"';
        if (value === Infinity) return '"Infinity"';
        if (value === -Infinity) return '"-Infinity"';
        return JSON.stringify(value);
      };
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return (value) => {
        if (typeof value === 'bigint' || typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return `"${value.toString()}"`;
        throw fail(value);
      };
    case ScalarType.BYTES:
      return (value) => {
        if (value instanceof Uint8Array) return `"${base64Encode(value)}"`;
        if (Array.isArray(value)) return `"${base64Encode(new Uint8Array(value as number[]))}"`;
        throw fail(value);
      };
    default:
      // The 32-bit integer types: a JSON number.
      return (value) => {
        if (typeof value !== 'number') throw fail(value);
        return JSON.stringify(value);
      };
  }
}

/** Characters JSON.stringify escapes (controls, quote, backslash, surrogates that may be lone). */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** JSON.stringify of a string, without the native call for the common string that needs no escape. */
function quote(text: string): string {
  return text.length < 256 && !NEEDS_ESCAPE.test(text) ? `"${text}"` : JSON.stringify(text);
}

interface ValueMessage {
  kind?: { case?: string; value?: unknown };
}

function valueText(value: ValueMessage): string {
  const kind = value.kind;
  switch (kind?.case) {
    case 'nullValue':
      return 'null';
    case 'numberValue': {
      const n = kind.value as number;
      if (!Number.isFinite(n)) throw new Error('google.protobuf.Value cannot be NaN or Infinity');
      return JSON.stringify(n);
    }
    case 'boolValue':
      return kind.value ? 'true' : 'false';
    case 'stringValue':
      return JSON.stringify(kind.value);
    case 'structValue':
      return structText(kind.value as { fields?: Record<string, unknown> });
    case 'listValue':
      return listText(kind.value as { values?: ValueMessage[] });
    default:
      throw new Error('google.protobuf.Value must have a value');
  }
}

function structText(struct: { fields?: Record<string, unknown> }): string {
  const fields = struct.fields ?? {};
  const parts: string[] = [];
  for (const key of Object.keys(fields)) parts.push(`${JSON.stringify(key)}:${valueText(fields[key] as ValueMessage)}`);
  return `{${parts.join(',')}}`;
}

function listText(list: { values?: ValueMessage[] }): string {
  return `[${(list.values ?? []).map(valueText).join(',')}]`;
}

/** A JsonObject held by a Struct field; non-JSON values fail as they do in protobuf-es. */
function jsonObjectText(object: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(object)) parts.push(`${JSON.stringify(key)}:${jsonText(object[key])}`);
  return `{${parts.join(',')}}`;
}

function jsonText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error('google.protobuf.Value cannot be NaN or Infinity');
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
      return jsonObjectText(value as Record<string, unknown>);
    default:
      throw new Error(`cannot encode google.protobuf.Struct to JSON: unexpected ${typeof value} value`);
  }
}

const TIMESTAMP_MS_MIN = -62_135_596_800_000;
const TIMESTAMP_MS_MAX = 253_402_300_799_000;
/** The last day formatted (`YYYY-MM-DDT`): timestamps of one event mostly share it. */
let cachedDay = Number.NaN;
let cachedDayText = '';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DDT` of a day since the epoch (Hinnant's civil_from_days; years 1–9999 only). */
function dayText(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T`;
}

function timestampText(value: { seconds?: bigint | number | string; nanos?: number }): string {
  const seconds = Number(value.seconds ?? 0);
  const nanos = value.nanos ?? 0;
  const ms = seconds * 1000;
  if (ms < TIMESTAMP_MS_MIN || ms > TIMESTAMP_MS_MAX) {
    throw new Error('cannot encode message google.protobuf.Timestamp to JSON: must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z inclusive');
  }
  if (nanos < 0) throw new Error('cannot encode message google.protobuf.Timestamp to JSON: nanos must not be negative');
  if (nanos > 999_999_999) throw new Error('cannot encode message google.protobuf.Timestamp to JSON: nanos must not be greater than 999999999');
  const days = Math.floor(seconds / 86_400);
  if (days !== cachedDay) {
    cachedDayText = dayText(days);
    cachedDay = days;
  }
  const inDay = seconds - days * 86_400;
  const cachedText = `${cachedDayText}${two(Math.floor(inDay / 3_600))}:${two(Math.floor(inDay / 60) % 60)}:${two(inDay % 60)}`;
  if (nanos === 0) return `${cachedText}Z`;
  const digits = String(nanos + 1_000_000_000).slice(1);
  if (digits.endsWith('000000')) return `${cachedText}.${digits.slice(0, 3)}Z`;
  if (digits.endsWith('000')) return `${cachedText}.${digits.slice(0, 6)}Z`;
  return `${cachedText}.${digits}Z`;
}
