// Canonical proto3 JSON of contract messages, without protobuf-es's reflection on every event:
// `isCanonicalJson` checks that parsed JSON is exactly what protobuf-es `toJson(fromJson(json))`
// would give back (member order included), and `fromCanonicalJson` builds the message from such
// JSON (what `fromJson` would build, field for field). Producers write canonical JSON
// (json-writer.ts), so consumers take this route for nearly every message: enrichment keeps the
// parsed object as it is, clustering builds its message from it. Whatever the check does not
// recognise (other spellings, defaults written out, unknown keys, lone surrogates, types without
// a fast path) answers false, and the caller takes the exact, slower route through protobuf-es.
import { create, fromJson, ScalarType, toJson, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';

type Check = (value: unknown) => boolean;

/**
 * protobuf-es rejects strings that are not well-formed UTF-16 (lone surrogates: "invalid UTF8"),
 * so a string is canonical only when it is well-formed (a check the enrichment copy lacks).
 */
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;
const wellFormed = (s: string) => isWellFormed.call(s);

const IMPLICIT = 2;
/** Compiled checks: [0] members in field order (the exact canonical text), [1] members in any order. */
const compiled = [new WeakMap<DescMessage, Check>(), new WeakMap<DescMessage, Check>()] as const;

/** Options of isCanonicalJson. */
export interface CanonicalJsonOptions {
  /**
   * Accept the members of an object in any order. The text is then not necessarily what
   * protobuf-es writes, but the message is exactly what `fromJson` builds: enough for a consumer
   * that decodes (`fromCanonicalJson`) rather than forwards the parsed object. (Enrichment writes
   * the event as the last member of its payload, after `enrichment`.)
   */
  anyMemberOrder?: boolean;
}

/** Whether `json` is exactly the canonical JSON form of a message of `schema` (up to member order, if asked). */
export function isCanonicalJson(schema: DescMessage, json: unknown, options: CanonicalJsonOptions = {}): boolean {
  return messageCheck(schema, options.anyMemberOrder === true)(json);
}

function messageCheck(desc: DescMessage, anyOrder: boolean): Check {
  let check = compiled[anyOrder ? 1 : 0].get(desc);
  if (check === undefined) check = compileMessage(desc, anyOrder);
  return check;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileMessage(desc: DescMessage, anyOrder: boolean): Check {
  const cache = compiled[anyOrder ? 1 : 0];
  const special = wellKnown(desc);
  if (special !== undefined) {
    cache.set(desc, special);
    return special;
  }
  if (desc.oneofs.length > 0) {
    // Oneof members have rules of their own (one set member, written even at its default); no fast path.
    const check: Check = (value) => roundTrips(desc, value);
    cache.set(desc, check);
    return check;
  }
  const byKey = new Map<string, { index: number; check: Check }>();
  const check: Check = (value) => {
    if (!isObject(value)) return false;
    let last = -1;
    for (const key in value) {
      const field = byKey.get(key);
      if (field === undefined || (field.index <= last && !anyOrder) || !field.check(value[key])) return false;
      last = field.index;
    }
    return true;
  };
  // Registered before the fields compile, so recursive types resolve to this check.
  cache.set(desc, check);
  const sorted = [...desc.fields].sort((a, b) => a.number - b.number);
  sorted.forEach((field, index) => byKey.set(field.jsonName, { index, check: fieldCheck(field, anyOrder) }));
  return check;
}

function fieldCheck(field: DescField, anyOrder: boolean): Check {
  switch (field.fieldKind) {
    case 'list': {
      const item = field.listKind === 'message' ? messageCheck(field.message, anyOrder) : field.listKind === 'enum' ? enumCheck(field, true) : scalarCheck(field.scalar, true);
      return (value) => Array.isArray(value) && value.length > 0 && value.every(item);
    }
    case 'map': {
      if (field.mapKey !== ScalarType.STRING) return () => false;
      const item = field.mapKind === 'message' ? messageCheck(field.message, anyOrder) : field.mapKind === 'enum' ? enumCheck(field, true) : scalarCheck(field.scalar, true);
      return (value) => {
        if (!isObject(value) || Object.hasOwn(value, '__proto__')) return false;
        let size = 0;
        for (const key in value) {
          if (!wellFormed(key) || !item(value[key])) return false;
          size++;
        }
        return size > 0;
      };
    }
    case 'message':
      return messageCheck(field.message, anyOrder);
    case 'enum':
      return enumCheck(field, field.presence !== IMPLICIT);
    case 'scalar':
      return scalarCheck(field.scalar, field.presence !== IMPLICIT);
  }
}

/** Enums are written by name; the zero value only where presence is explicit (and in lists). */
function enumCheck(field: DescField, zeroAllowed: boolean): Check {
  const e = field.enum!;
  if (e.typeName === 'google.protobuf.NullValue') return () => false;
  const numbers = new Map(e.values.map((v) => [v.name, v.number]));
  return (value) => {
    if (typeof value !== 'string') return false;
    const n = numbers.get(value);
    return n !== undefined && (zeroAllowed || n !== 0);
  };
}

/** The scalar types contract payloads use; the others (64-bit, floating point, bytes) go the exact way. */
function scalarCheck(type: ScalarType, zeroAllowed: boolean): Check {
  switch (type) {
    case ScalarType.STRING:
      return (value) => typeof value === 'string' && (zeroAllowed || value !== '') && wellFormed(value);
    case ScalarType.BOOL:
      return (value) => typeof value === 'boolean' && (zeroAllowed || value);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return (value) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff && (zeroAllowed || value !== 0);
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return (value) => typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && (zeroAllowed || value !== 0) && !Object.is(value, -0);
    default:
      return () => false;
  }
}

function wellKnown(desc: DescMessage): Check | undefined {
  switch (desc.typeName) {
    case 'google.protobuf.Timestamp':
      return (value) => typeof value === 'string' && timestampIsCanonical(value);
    case 'google.protobuf.Struct':
      return (value) => isObject(value) && objectOfValues(value);
    case 'google.protobuf.Value':
      return jsonValue;
    case 'google.protobuf.ListValue':
      return (value) => Array.isArray(value) && value.every(jsonValue);
    default:
      if (desc.typeName.startsWith('google.protobuf.')) return (value) => roundTrips(desc, value);
      return undefined;
  }
}

/** Any parsed JSON is a canonical `google.protobuf.Value`, except numbers out of range and `__proto__` keys. */
function jsonValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return wellFormed(value);
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(jsonValue);
      return objectOfValues(value as Record<string, unknown>);
    default:
      return false;
  }
}

function objectOfValues(value: Record<string, unknown>): boolean {
  if (Object.hasOwn(value, '__proto__')) return false;
  for (const key in value) if (!wellFormed(key) || !jsonValue(value[key])) return false;
  return true;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}|\d{6}|\d{9}))?Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `text` is a timestamp as protobuf-es writes it: UTC, 0001–9999, and 0, 3, 6 or 9
 * fraction digits, the fewest that hold the nanoseconds. Anything else is asked of protobuf-es.
 */
export function timestampIsCanonical(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (m === null) return roundTrips(TimestampSchema, text);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]! + (month === 2 && leap ? 1 : 0)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  const fraction = m[7];
  return fraction === undefined || !fraction.endsWith('000');
}

function roundTrips(desc: DescMessage, value: unknown): boolean {
  try {
    return JSON.stringify(toJson(desc, fromJson(desc, value as never))) === JSON.stringify(value);
  } catch {
    return false;
  }
}

type Convert = (value: unknown) => unknown;
type MessageConvert = (value: Record<string, unknown>) => Message;

const converters = new WeakMap<DescMessage, MessageConvert>();

/**
 * The message `fromJson(schema, json)` gives, for `json` that isCanonicalJson accepted: the
 * members map to fields by JSON name and the values need no checking, so this only renames,
 * turns enum names into numbers and timestamps into messages, and lets protobuf-es `create`
 * fill in the defaults. Members of types without a fast path (Struct, Value, …) are decoded by
 * protobuf-es itself.
 */
export function fromCanonicalJson<T extends Message>(schema: DescMessage & { readonly typeName: T['$typeName'] }, json: unknown): T {
  return messageConverter(schema)(json as Record<string, unknown>) as T;
}

function messageConverter(desc: DescMessage): MessageConvert {
  let convert = converters.get(desc);
  if (convert !== undefined) return convert;
  const byKey = new Map<string, { localName: string; convert: Convert }>();
  // protobuf-es's zero message, copied for each message (with fresh lists and maps): what `create`
  // builds, without walking the descriptor every time. (A type whose zero message needs a
  // prototype, for proto2 defaults, is built by `create` itself.)
  const zero = create(desc) as unknown as Record<string, unknown>;
  const fresh = desc.fields.filter((f) => f.fieldKind === 'list' || f.fieldKind === 'map').map((f) => ({ name: f.localName, list: f.fieldKind === 'list' }));
  convert =
    Object.getPrototypeOf(zero) === Object.prototype
      ? (value) => {
          const message: Record<string, unknown> = { ...zero };
          for (const f of fresh) message[f.name] = f.list ? [] : {};
          for (const key in value) {
            const field = byKey.get(key)!;
            message[field.localName] = field.convert(value[key]);
          }
          return message as unknown as Message;
        }
      : (value) => {
          const init: Record<string, unknown> = {};
          for (const key in value) {
            const field = byKey.get(key)!;
            init[field.localName] = field.convert(value[key]);
          }
          return create(desc, init as never) as Message;
        };
  // Registered before the fields compile, so recursive types resolve to this converter.
  converters.set(desc, convert);
  for (const field of desc.fields) byKey.set(field.jsonName, { localName: field.localName, convert: fieldConverter(desc, field) });
  return convert;
}

const same: Convert = (value) => value;

function fieldConverter(parent: DescMessage, field: DescField): Convert {
  // Well-known types other than Timestamp (Struct, Value, …) have JSON forms of their own: protobuf-es decodes the member.
  const exact: Convert = (value) => (fromJson(parent, { [field.jsonName]: value } as never) as unknown as Record<string, unknown>)[field.localName];
  switch (field.fieldKind) {
    case 'scalar':
      return same;
    case 'enum':
      return enumConverter(field);
    case 'message':
      return singularMessage(field.message) ?? exact;
    case 'list': {
      if (field.listKind === 'scalar') return same;
      if (field.listKind === 'enum') {
        const e = enumConverter(field);
        return (value) => (value as unknown[]).map(e);
      }
      const item = singularMessage(field.message);
      return item === undefined ? exact : (value) => (value as unknown[]).map(item);
    }
    case 'map': {
      if (field.mapKind === 'scalar') return same;
      const item = field.mapKind === 'enum' ? enumConverter(field) : singularMessage(field.message);
      if (item === undefined) return exact;
      return (value) => {
        const out: Record<string, unknown> = {};
        for (const key in value as Record<string, unknown>) out[key] = item((value as Record<string, unknown>)[key]);
        return out;
      };
    }
  }
}

function singularMessage(desc: DescMessage): Convert | undefined {
  if (desc.typeName === 'google.protobuf.Timestamp') return (value) => fromJson(desc, value as never);
  if (desc.typeName.startsWith('google.protobuf.') || desc.oneofs.length > 0) return undefined;
  // Resolved on first use, so recursive types compile.
  let convert: MessageConvert | undefined;
  return (value) => (convert ??= messageConverter(desc))(value as Record<string, unknown>);
}

function enumConverter(field: DescField): Convert {
  const numbers = new Map(field.enum!.values.map((v) => [v.name, v.number]));
  return (value) => numbers.get(value as string);
}
