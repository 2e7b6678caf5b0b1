import { gunzipSync } from 'node:zlib';
import { buildPacks, gzipMember, isPackKey, packKeyOf, rewrittenPackKey } from './event-pack.js';

const id = (n: number) => n.toString(16).padStart(32, '0');
const input = (projectId: number, n: number, json: string) => ({
  projectId,
  eventId: id(n),
  receivedAt: new Date('2026-11-27T23:59:59Z'),
  member: gzipMember(Buffer.from(json), 1),
});

describe('event packs', () => {
  it('builds one pack per project whose members inflate alone and whose whole is NDJSON', () => {
    const a = input(1, 1, '{"n":1}');
    const b = input(2, 2, '{"n":2}');
    const c = input(1, 3, `{"n":3,"pad":"${'z'.repeat(3_000)}"}`);
    const copy = { ...input(1, 1, '{"n":1}') };
    const { packs, placed } = buildPacks([a, b, c, copy]);

    expect(packs).toHaveLength(2);
    const one = packs.find((p) => p.key.startsWith('1/'))!;
    expect(one.key).toMatch(new RegExp(`^1/2026-11-27/${id(1)}-2-[0-9a-f]{8}\\.pack\\.gz$`));
    expect(gunzipSync(one.body).toString()).toBe(`{"n":1}\n{"n":3,"pad":"${'z'.repeat(3_000)}"}\n`);
    expect(placed.get(a)).toEqual({ key: one.key, offset: 0, length: a.member.length });
    expect(placed.get(c)).toEqual({ key: one.key, offset: a.member.length, length: c.member.length });
    const at = placed.get(c)!;
    expect(JSON.parse(gunzipSync(one.body.subarray(at.offset, at.offset + at.length)).toString()).n).toBe(3);
    // A second copy of an event shares the first copy's row: it is not packed twice.
    expect(placed.has(copy)).toBe(false);
    expect(gunzipSync(packs.find((p) => p.key.startsWith('2/'))!.body).toString()).toBe('{"n":2}\n');
  });

  it('never reuses a key, and a rewritten pack stays in its directory', () => {
    const at = new Date('2026-01-02T00:00:00Z');
    expect(packKeyOf(5, at, id(9), 3)).not.toBe(packKeyOf(5, at, id(9), 3));
    const again = rewrittenPackKey(`5/2026-01-02/${id(9)}-3-0badf00d.pack.gz`, id(10), 2);
    expect(again).toMatch(new RegExp(`^5/2026-01-02/${id(10)}-2-[0-9a-f]{8}\\.pack\\.gz$`));
    expect(isPackKey(again)).toBe(true);
    expect(isPackKey(`5/2026-01-02/${id(9)}.json.gz`)).toBe(false);
  });
});
