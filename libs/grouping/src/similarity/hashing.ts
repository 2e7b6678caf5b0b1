// Deterministic 32-bit hashing for MinHash: FNV-1a for strings and murmur3's finaliser to derive one
// independent-looking hash per seed. No randomness: the same event gives the same signature on every
// replica and after every restart.

/** FNV-1a 32-bit over the UTF-16 code units of `s`. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 fmix32: a bijective avalanche on 32 bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `n` fixed seeds derived from `base` with a splitmix-like step (same seeds everywhere). */
export function seeds(n: number, base: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = base >>> 0;
  for (let i = 0; i < n; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    out[i] = fmix32(x);
  }
  return out;
}
