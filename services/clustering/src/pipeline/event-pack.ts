// Raw events are stored in packs: one object per project per flushed batch, the concatenation
// of each event's own gzip member (its enriched JSON plus "\n"). `gunzip` of a whole pack gives
// NDJSON; one event is read back with a range request for its member (offset and length are
// stored on its `events` row) and inflated alone. One PUT per batch instead of one per event is
// what lets a replica store thousands of events a second (docs/CLUSTERING.md, "Raw events").
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** Where one event's member sits in its pack. */
export interface PackMember {
  offset: number;
  length: number;
}

/** One pack, ready to PUT. */
export interface EventPack {
  key: string;
  body: Buffer;
}

/** What a pack is built from: an event's identity, receipt time and its gzip member. */
export interface PackInput {
  projectId: number;
  eventId: string;
  receivedAt: Date;
  member: Buffer;
}

/** Content type of a pack (once decompressed). */
export const PACK_CONTENT_TYPE = 'application/x-ndjson';

const NEWLINE = Buffer.from('\n');

/**
 * Compresses one event's JSON as its own gzip member, with the trailing newline inside it. zlib
 * returns a view into its 16 KB output buffer; the member is copied out of it, so an event waiting
 * for its batch keeps about 1 KB alive rather than 16.
 */
export function gzipMember(body: Uint8Array, level: number): Buffer {
  return Buffer.from(gzipSync(Buffer.concat([body, NEWLINE]), { level }));
}

/**
 * The key of a pack: `<project>/<yyyy-mm-dd of receipt of its first event>/<first event id>-<count>-<random>.pack.gz`.
 * The random part keeps a redelivered batch that starts with the same event from overwriting a
 * pack other rows still point into.
 */
export function packKeyOf(projectId: number, receivedAt: Date, firstEventId: string, count: number): string {
  return `${projectId}/${receivedAt.toISOString().slice(0, 10)}/${firstEventId}-${count}-${randomBytes(4).toString('hex')}.pack.gz`;
}

/** Whether a stored key is a pack (else a whole-object event written before packs). */
export function isPackKey(key: string): boolean {
  return key.endsWith('.pack.gz');
}

/**
 * Builds one pack per project from `inputs` (in their order; a second copy of the same event
 * is left out) and returns each input's key and member position (undefined for a left-out copy,
 * which shares the first copy's row).
 */
export function buildPacks<T extends PackInput>(inputs: readonly T[]): { packs: EventPack[]; placed: Map<T, PackMember & { key: string }> } {
  const byProject = new Map<number, T[]>();
  const seen = new Set<string>();
  for (const e of inputs) {
    const id = `${e.projectId}/${e.eventId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    let list = byProject.get(e.projectId);
    if (!list) byProject.set(e.projectId, (list = []));
    list.push(e);
  }
  const packs: EventPack[] = [];
  const placed = new Map<T, PackMember & { key: string }>();
  for (const [projectId, events] of byProject) {
    const first = events[0]!;
    const key = packKeyOf(projectId, first.receivedAt, first.eventId, events.length);
    let offset = 0;
    for (const e of events) {
      placed.set(e, { key, offset, length: e.member.length });
      offset += e.member.length;
    }
    packs.push({ key, body: Buffer.concat(events.map((e) => e.member), offset) });
  }
  return { packs, placed };
}

/** A key for a rewritten copy of `oldKey` (same project and day) holding `count` members, the first of them `firstEventId`. */
export function rewrittenPackKey(oldKey: string, firstEventId: string, count: number): string {
  const dir = oldKey.slice(0, oldKey.lastIndexOf('/') + 1);
  return `${dir}${firstEventId}-${count}-${randomBytes(4).toString('hex')}.pack.gz`;
}
