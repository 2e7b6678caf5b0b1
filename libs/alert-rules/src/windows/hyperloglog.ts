// A HyperLogLog distinct counter (Flajolet et al. 2007, with the small-range linear-counting
// correction). With precision p = 12 it keeps 4,096 one-byte registers (4 KiB) and its standard
// error is 1.04 / sqrt(4096) ≈ 1.6 %; the spec tests assert 50,000 users are counted within 5 %.

/** Register index bits; 2^12 registers. */
export const HLL_PRECISION = 12;
const M = 1 << HLL_PRECISION;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/**
 * cyrb53: a fast 53-bit string hash with good avalanche, returned as two halves so the register
 * index and the rank come from independent bits.
 */
function hash53(s: string): { hi: number; lo: number } {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { hi: (h2 & 0x1fffff) >>> 0, lo: h1 >>> 0 };
}

/** An approximate distinct counter over strings. */
export class HyperLogLog {
  /** One register per bucket: the highest rank seen. */
  readonly registers = new Uint8Array(M);

  /** Adds one value. */
  add(value: string): void {
    const { hi, lo } = hash53(value);
    const index = lo >>> (32 - HLL_PRECISION);
    // The remaining 20 bits of `lo` and the 21 bits of `hi` form the 41-bit word whose leading zeros give the rank.
    const rest = (lo << HLL_PRECISION) >>> 0;
    let rank: number;
    if (rest !== 0) rank = Math.clz32(rest) + 1;
    else rank = 32 - HLL_PRECISION + (hi === 0 ? 21 : Math.clz32(hi) - 11) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  /** Folds another counter into this one (the union of both sets). */
  merge(other: HyperLogLog): void {
    for (let i = 0; i < M; i++) if (other.registers[i]! > this.registers[i]!) this.registers[i] = other.registers[i]!;
  }

  /** The estimated number of distinct values added. */
  count(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.registers[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    // Linear counting is far more accurate while many registers are still empty.
    if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(raw);
  }
}
