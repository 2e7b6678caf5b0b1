import { fingerprint } from './fingerprint.js';

// A straightforward BigInt FNV-1a 64 written from model/signature.go, to cross-check the fast version.
function reference(labels: Record<string, string>): string {
  let h = 0xcbf29ce484222325n;
  const add = (b: number) => {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  };
  const names = Object.keys(labels).sort();
  for (const n of names) {
    for (const b of new TextEncoder().encode(n)) add(b);
    add(0xff);
    for (const b of new TextEncoder().encode(labels[n])) add(b);
    add(0xff);
  }
  return h.toString(16).padStart(16, '0');
}

describe('fingerprint', () => {
  it('is the FNV-1a offset basis for the empty label set', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });

  it('matches prometheus/common signature_test.go', () => {
    // LabelsToSignature({"name": "garland, briggs", "fear": "love is not enough"}) == 5799056148416392346
    expect(BigInt('0x' + fingerprint({ name: 'garland, briggs', fear: 'love is not enough' }))).toBe(5799056148416392346n);
  });

  it('ignores insertion order and agrees with a BigInt reference on varied input', () => {
    const sets = [
      { alertname: 'HighLatency', cluster: 'a' },
      { cluster: 'a', alertname: 'HighLatency' },
      { a: 'ü', 'b_2': '日本語', c: '😀', d: '' },
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`l${i}`, 'x'.repeat(i)])),
    ];
    for (const s of sets) expect(fingerprint(s)).toBe(reference(s));
    expect(fingerprint(sets[0]!)).toBe(fingerprint(sets[1]!));
  });
});
