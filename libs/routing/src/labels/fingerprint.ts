// Alert fingerprints exactly as prometheus/common computes them (`model.LabelsToSignature`,
// `LabelSet.Fingerprint`): FNV-1a 64-bit over the sorted label names and values, each followed by the
// 0xFF separator byte. Alertmanager uses them for alert identity, dedup and the webhook `fingerprint`.
import { type LabelSet, sortedNames } from './label-set.js';

const SEPARATOR = 0xff;
const encoder = new TextEncoder();

// The 64-bit state is kept in two unsigned 32-bit halves so hashing stays in plain number arithmetic
// (BigInt per byte is an order of magnitude slower on the routing hot path).
interface State { hi: number; lo: number }

// Multiplies by the FNV prime 2^40 + 0x1b3 modulo 2^64; every intermediate stays below 2^53.
function mul(s: State): void {
  const loProduct = s.lo * 0x1b3;
  const carry = Math.floor(loProduct / 0x1_0000_0000);
  const hi = s.hi * 0x1b3 + carry + ((s.lo << 8) >>> 0);
  s.lo = loProduct >>> 0;
  s.hi = hi % 0x1_0000_0000;
}

function addByte(s: State, b: number): void {
  s.lo = (s.lo ^ b) >>> 0;
  mul(s);
}

function addString(s: State, str: string): void {
  for (const b of encoder.encode(str)) addByte(s, b);
}

/** FNV-1a 64 of the label set, as 16 lowercase hex digits (`model.Fingerprint.String()`). */
export function fingerprint(labels: LabelSet): string {
  const s: State = { hi: 0xcbf29ce4, lo: 0x84222325 };
  for (const name of sortedNames(labels)) {
    addString(s, name);
    addByte(s, SEPARATOR);
    addString(s, labels[name]!);
    addByte(s, SEPARATOR);
  }
  return s.hi.toString(16).padStart(8, '0') + s.lo.toString(16).padStart(8, '0');
}
