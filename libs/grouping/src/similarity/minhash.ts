// MinHash signatures over frame shingles: the fraction of equal positions of two signatures estimates
// the Jaccard similarity of their shingle sets.
import type { SentryEvent } from '@faultline/contracts';
import { frameKey } from '../strategies/frame.js';
import { stacktraceComponent } from '../strategies/stacktrace.js';
import { fmix32, fnv1a, seeds } from './hashing.js';

/** Shape of a signature: `bands × rows` hash functions (LSH banding reads it in `bands` slices). */
export interface MinHashOptions {
  /** LSH bands (default 16). */
  bands?: number;
  /** Rows per band (default 8); bands × rows = signature length. */
  rows?: number;
  /** Frames per shingle (default 2: neighbouring pairs, so order matters a little). */
  shingleSize?: number;
  /** Base seed of the hash family; signatures are only comparable under equal seeds. */
  seed?: number;
}

/** Defaults: 128 hashes; with 16×8 bands, pairs above ~0.7 Jaccard become candidates. */
export const DEFAULT_MINHASH = { bands: 16, rows: 8, shingleSize: 2, seed: 0x5eed } as const;

/** The normalised `function@file` tokens of the frames that contribute to grouping, all exceptions, oldest first. */
export function frameTokens(event: SentryEvent): string[] {
  const out: string[] = [];
  for (const exc of event.exception?.values ?? []) {
    const frames = exc.stacktrace?.frames ?? [];
    const tree = stacktraceComponent(exc.stacktrace);
    tree.values.forEach((c, i) => {
      if (typeof c !== 'string' && c.contributes) out.push(frameKey(frames[i]!));
    });
  }
  return out;
}

/** k-shingles of tokens (joined by newline); fewer tokens than k give one shingle of all of them. */
export function shingles(tokens: readonly string[], k: number): string[] {
  if (tokens.length === 0) return [];
  if (tokens.length <= k) return [tokens.join('\n')];
  const out = new Set<string>();
  for (let i = 0; i + k <= tokens.length; i++) out.add(tokens.slice(i, i + k).join('\n'));
  return [...out];
}

const seedCache = new Map<string, Uint32Array>();

/** The MinHash signature of a shingle set, or undefined for an empty set (nothing to compare). */
export function minhash(shingleSet: readonly string[], options: MinHashOptions = {}): Uint32Array | undefined {
  if (shingleSet.length === 0) return undefined;
  const n = (options.bands ?? DEFAULT_MINHASH.bands) * (options.rows ?? DEFAULT_MINHASH.rows);
  const seed = options.seed ?? DEFAULT_MINHASH.seed;
  const key = `${n}:${seed}`;
  let s = seedCache.get(key);
  if (!s) seedCache.set(key, (s = seeds(n, seed)));
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (const sh of shingleSet) {
    const h = fnv1a(sh);
    for (let i = 0; i < n; i++) {
      const v = fmix32(h ^ s[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** The signature of an event's in-app frames, or undefined when it has no usable frames. */
export function eventSignature(event: SentryEvent, options: MinHashOptions = {}): Uint32Array | undefined {
  return minhash(shingles(frameTokens(event), options.shingleSize ?? DEFAULT_MINHASH.shingleSize), options);
}

/** Estimated Jaccard similarity: the fraction of equal positions. */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new Error(`signature lengths differ (${a.length} vs ${b.length})`);
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}
