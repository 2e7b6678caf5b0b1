// The fast writer must produce exactly protobuf-es' canonical JSON: checked on the examples and on
// random messages of every stream's type (every field kind, zero values, unknown enum numbers,
// special floats, 64-bit integers, Struct/Value trees, timestamps with each fraction length),
// given both as created messages and as the plain init objects services build.
import { create, ScalarType, toJsonString, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { decodeMessage } from './codec.js';
import { SUBJECTS } from './gen/registry.js';
import { IngestedEventSchema } from './gen/faultline/v1/ingested_event_pb.js';
import { writeJson } from './json-writer.js';

/** A small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STRINGS = ['', 'a', 'TypeError', 'quote " back \\ slash', 'line\nbreak\ttab', 'ünïcödé ✓ 😀', '\u0000\u001f\u2028', '0', '{"json":true}'];
const DOUBLES = [0, -0, 1, -1.5, 0.1, 1e21, 5e-324, Number.NaN, Infinity, -Infinity, 48_213];
const INT32 = [0, 1, -1, 2_147_483_647, -2_147_483_648, 42];

function generator(seed: number) {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const json = (depth: number): unknown => {
    const kind = Math.floor(rnd() * (depth > 2 ? 4 : 6));
    if (kind === 0) return null;
    if (kind === 1) return pick(STRINGS);
    if (kind === 2) return pick([0, 1, -2.5, 1e21, 3]);
    if (kind === 3) return rnd() < 0.5;
    if (kind === 4) return Array.from({ length: Math.floor(rnd() * 3) }, () => json(depth + 1));
    return jsonObject(depth + 1);
  };
  const jsonObject = (depth: number): Record<string, unknown> => Object.fromEntries(Array.from({ length: Math.floor(rnd() * 3) }, () => [pick(STRINGS), json(depth)]));
  const valueMessage = (depth: number): unknown => {
    const kind = Math.floor(rnd() * (depth > 2 ? 4 : 6));
    if (kind === 0) return { kind: { case: 'nullValue', value: 0 } };
    if (kind === 1) return { kind: { case: 'stringValue', value: pick(STRINGS) } };
    if (kind === 2) return { kind: { case: 'numberValue', value: pick([0, -1, 2.5, 1e21]) } };
    if (kind === 3) return { kind: { case: 'boolValue', value: rnd() < 0.5 } };
    if (kind === 4) return { kind: { case: 'listValue', value: { values: Array.from({ length: Math.floor(rnd() * 3) }, () => valueMessage(depth + 1)) } } };
    return { kind: { case: 'structValue', value: { fields: Object.fromEntries(Array.from({ length: Math.floor(rnd() * 3) }, () => [pick(STRINGS), valueMessage(depth + 1)])) } } };
  };
  const scalar = (type: ScalarType): unknown => {
    switch (type) {
      case ScalarType.STRING:
        return pick(STRINGS);
      case ScalarType.BOOL:
        return rnd() < 0.5;
      case ScalarType.DOUBLE:
      case ScalarType.FLOAT:
        return pick(DOUBLES);
      case ScalarType.BYTES:
        return Uint8Array.from(Array.from({ length: Math.floor(rnd() * 5) }, () => Math.floor(rnd() * 256)));
      case ScalarType.INT64:
      case ScalarType.SINT64:
      case ScalarType.SFIXED64:
        return pick([0n, 1n, -1n, 9_007_199_254_740_993n, -9_223_372_036_854_775_808n]);
      case ScalarType.UINT64:
      case ScalarType.FIXED64:
        return pick([0n, 1n, 18_446_744_073_709_551_615n]);
      case ScalarType.UINT32:
      case ScalarType.FIXED32:
        return pick([0, 1, 4_294_967_295]);
      default:
        return pick(INT32);
    }
  };
  const enumValue = (field: DescField & { enum?: { values: { number: number }[] } }): number =>
    rnd() < 0.1 ? 99 : pick(field.enum!.values).number;
  const message = (desc: DescMessage, depth: number): Record<string, unknown> => {
    switch (desc.typeName) {
      case 'google.protobuf.Timestamp':
        return { seconds: BigInt(Math.floor(rnd() * 4_000_000_000) - 1_000_000_000), nanos: pick([0, 1, 120_000_000, 123_456_000, 123_456_789]) };
      case 'google.protobuf.Duration':
        return { seconds: BigInt(Math.floor(rnd() * 100_000)), nanos: pick([0, 5_000_000]) };
      case 'google.protobuf.Value':
        return valueMessage(depth) as Record<string, unknown>;
    }
    const init: Record<string, unknown> = {};
    const oneofs = new Set<string>();
    for (const field of desc.fields) {
      if (field.oneof) {
        if (oneofs.has(field.oneof.localName)) continue;
        oneofs.add(field.oneof.localName);
        const member = rnd() < 0.3 ? undefined : pick(field.oneof.fields);
        if (member) init[field.oneof.localName] = { case: member.localName, value: singular(member, depth) };
        continue;
      }
      const roll = rnd();
      if (roll < 0.25) continue; // absent
      if (field.fieldKind === 'list') {
        init[field.localName] = Array.from({ length: Math.floor(rnd() * 3) }, () => item(field, depth));
      } else if (field.fieldKind === 'map') {
        init[field.localName] = Object.fromEntries(Array.from({ length: Math.floor(rnd() * 3) }, () => [pick(['k', 'route', '1', 'é x']), item(field, depth)]));
      } else if (roll < 0.4 && field.fieldKind !== 'message') {
        init[field.localName] = field.fieldKind === 'enum' ? field.enum.values[0].number : zero(field.scalar); // zero value, set explicitly
      } else if (field.fieldKind !== 'message' || depth < 4) {
        init[field.localName] = singular(field, depth);
      }
    }
    return init;
  };
  const zero = (type: ScalarType): unknown =>
    type === ScalarType.STRING ? '' : type === ScalarType.BOOL ? false : type === ScalarType.BYTES ? new Uint8Array() : [ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64].includes(type) ? 0n : 0;
  const fieldMessage = (field: DescField, desc: DescMessage, depth: number): unknown =>
    desc.typeName === 'google.protobuf.Struct' && field.parent.typeName !== 'google.protobuf.Value' ? jsonObject(0) : message(desc, depth + 1);
  const singular = (field: DescField, depth: number): unknown => {
    if (field.fieldKind === 'scalar') return scalar(field.scalar);
    if (field.fieldKind === 'enum') return enumValue(field);
    if (field.fieldKind === 'message') return fieldMessage(field, field.message, depth);
    throw new Error('not singular');
  };
  const item = (field: DescField, depth: number): unknown => {
    if (field.fieldKind === 'list') {
      if (field.listKind === 'scalar') return scalar(field.scalar);
      if (field.listKind === 'enum') return rnd() < 0.1 ? 99 : pick(field.enum.values).number;
      return fieldMessage(field, field.message, depth);
    }
    if (field.fieldKind === 'map') {
      if (field.mapKind === 'scalar') return scalar(field.scalar);
      if (field.mapKind === 'enum') return pick(field.enum.values).number;
      return fieldMessage(field, field.message, depth);
    }
    throw new Error('not a list or map');
  };
  return message;
}

const repoRoot = new URL('../../../', import.meta.url);

describe('writeJson', () => {
  it.each(Object.values(SUBJECTS))('writes the example of $key exactly as protobuf-es does', (family) => {
    const message = decodeMessage(family.schema, readFileSync(new URL(family.example, repoRoot), 'utf8'));
    expect(writeJson(family.schema, message)).toBe(toJsonString(family.schema, message));
  });

  it.each(Object.values(SUBJECTS).map((family) => [family.key, family.schema] as const))('matches protobuf-es on 300 random %s messages, created or as init objects', (_key, schema) => {
    const generate = generator(schema.typeName.length * 7_919);
    for (let i = 0; i < 300; i++) {
      const init = generate(schema, 0);
      const message = create(schema, init as never);
      const expected = toJsonString(schema, message);
      expect(writeJson(schema, message), `message #${i}`).toBe(expected);
      expect(writeJson(schema, init), `init #${i}`).toBe(expected);
    }
  });

  it('fails like protobuf-es on values JSON cannot carry', () => {
    const event = (extra: unknown) => ({ projectId: '1', eventId: 'a', event: { eventId: 'a', contexts: { bad: extra } } });
    expect(() => writeJson(IngestedEventSchema, event(Number.NaN))).toThrow(/NaN or Infinity/);
    expect(() => writeJson(IngestedEventSchema, { projectId: 7 })).toThrow(/project_id/);
    expect(() => writeJson(IngestedEventSchema, { event: { timestamp: { seconds: 300_000_000_000n, nanos: 0 } } })).toThrow(/9999-12-31/);
  });
});
