// LSH index of recent groups' signatures for one (project, exception type) partition, and a bounded set
// of partitions. Memory is bounded: groups per partition (LRU), ids per bucket (oldest dropped first),
// partitions (LRU).
import { DEFAULT_MINHASH } from './minhash.js';
import { estimateSimilarity } from './minhash.js';
import { fmix32 } from './hashing.js';

/** Bounds and banding of an index. */
export interface SimilarityIndexOptions {
  bands?: number;
  rows?: number;
  /** Groups kept per partition; the least recently added/updated group is evicted (default 256). */
  maxGroups?: number;
  /** Group ids kept per LSH bucket; the oldest is dropped (default 32). */
  maxPerBucket?: number;
}

/** Bands are folded into the bucket key below this bound. */
const MAX_BANDS = 1024;

/** Default cut-off of a match: conservative, only near-identical stacks attach. */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.9;

/** One candidate group and its estimated similarity. */
export interface SimilarityMatch {
  groupId: string;
  score: number;
}

/** Recent groups of one partition, searchable by signature. */
export class SimilarityIndex {
  private readonly bands: number;
  private readonly rows: number;
  private readonly maxGroups: number;
  private readonly maxPerBucket: number;
  /** groupId → signature and band keys; Map order is the LRU order (oldest first). */
  private readonly groups = new Map<string, { sig: Uint32Array; keys: Float64Array }>();
  private readonly buckets = new Map<number, Set<string>>();

  constructor(options: SimilarityIndexOptions = {}) {
    this.bands = options.bands ?? DEFAULT_MINHASH.bands;
    this.rows = options.rows ?? DEFAULT_MINHASH.rows;
    this.maxGroups = options.maxGroups ?? 256;
    this.maxPerBucket = options.maxPerBucket ?? 32;
    if (this.bands < 1 || this.bands > MAX_BANDS || this.rows < 1) throw new Error(`bands must be 1..${MAX_BANDS} and rows ≥ 1`);
  }

  /** Number of groups held. */
  get size(): number {
    return this.groups.size;
  }

  /** Adds or refreshes a group's signature (a refreshed group becomes most recent). */
  add(groupId: string, signature: Uint32Array): void {
    this.check(signature);
    this.remove(groupId);
    const keys = this.bandKeys(signature);
    this.groups.set(groupId, { sig: signature, keys });
    for (const k of keys) {
      let b = this.buckets.get(k);
      if (!b) this.buckets.set(k, (b = new Set()));
      b.add(groupId);
      if (b.size > this.maxPerBucket) b.delete(b.values().next().value!);
    }
    while (this.groups.size > this.maxGroups) this.remove(this.groups.keys().next().value!);
  }

  /** Forgets a group (e.g. it was merged or deleted). */
  remove(groupId: string): void {
    const g = this.groups.get(groupId);
    if (!g) return;
    this.groups.delete(groupId);
    for (const k of g.keys) {
      const b = this.buckets.get(k);
      b?.delete(groupId);
      if (b?.size === 0) this.buckets.delete(k);
    }
  }

  /** Groups sharing a band with `signature` whose estimated similarity is ≥ threshold, best first (ties by id). */
  query(signature: Uint32Array, threshold: number = DEFAULT_SIMILARITY_THRESHOLD): SimilarityMatch[] {
    this.check(signature);
    const candidates = new Set<string>();
    for (const k of this.bandKeys(signature)) for (const id of this.buckets.get(k) ?? []) candidates.add(id);
    const out: SimilarityMatch[] = [];
    for (const id of candidates) {
      const score = estimateSimilarity(signature, this.groups.get(id)!.sig);
      if (score >= threshold) out.push({ groupId: id, score });
    }
    return out.sort((a, b) => b.score - a.score || (a.groupId < b.groupId ? -1 : 1));
  }

  private check(sig: Uint32Array): void {
    if (sig.length !== this.bands * this.rows) throw new Error(`signature has ${sig.length} hashes, index expects ${this.bands}×${this.rows}`);
  }

  /** One numeric key per band: band index + 32-bit hash of its rows. A collision only costs one exact comparison in query. */
  private bandKeys(sig: Uint32Array): Float64Array {
    const keys = new Float64Array(this.bands);
    for (let b = 0; b < this.bands; b++) {
      let h = fmix32(b + 1);
      for (let r = 0; r < this.rows; r++) h = fmix32(h ^ sig[b * this.rows + r]!);
      keys[b] = h * MAX_BANDS + b;
    }
    return keys;
  }
}

/** Per-(project, exception type) indexes, at most `maxPartitions` (LRU). */
export class SimilarityIndexes {
  private readonly partitions = new Map<string, SimilarityIndex>();

  constructor(
    private readonly options: SimilarityIndexOptions & { maxPartitions?: number } = {},
  ) {}

  /** The index of one partition, created on first use; using it makes it most recent. */
  for(projectId: string, exceptionType: string): SimilarityIndex {
    const key = `${projectId}\u0000${exceptionType}`;
    let idx = this.partitions.get(key);
    if (idx) this.partitions.delete(key);
    else idx = new SimilarityIndex(this.options);
    this.partitions.set(key, idx);
    const max = this.options.maxPartitions ?? 64;
    while (this.partitions.size > max) this.partitions.delete(this.partitions.keys().next().value!);
    return idx;
  }
}
