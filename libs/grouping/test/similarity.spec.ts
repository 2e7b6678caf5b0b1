// Similarity: MinHash + LSH attaches a near-duplicate stack to an existing group and not a different bug.
import { create, SentryEventSchema, type SentryEvent } from '@faultline/contracts';
import { DEFAULT_SIMILARITY_THRESHOLD, estimateSimilarity, eventSignature, fingerprintEvent, frameTokens, SimilarityIndex, SimilarityIndexes } from '../src/index.js';
import { loadInput } from './support/inputs.js';

/** A TypeError whose stack runs through the given functions (outermost first), in-app, in per-feature chunks. */
function eventWith(functions: string[]): SentryEvent {
  const frames = functions.map((fn, i) => ({
    filename: `https://shop.test/static/js/${['main', 'checkout', 'cart'][i % 3]}.${(i * 7919).toString(16).padStart(6, 'a')}.js`,
    function: i % 2 ? `Object.${fn}` : fn,
    lineno: 1,
    colno: 100 + i,
    inApp: true,
  }));
  return create(SentryEventSchema, { exception: { values: [{ type: 'TypeError', value: 'x is undefined', stacktrace: { frames } }] } });
}

const base = Array.from({ length: 25 }, (_, i) => `step${i}`);
const sig = (e: SentryEvent) => eventSignature(e)!;

describe('similarity', () => {
  it('is deterministic: same event, same signature, on every call', () => {
    expect(Array.from(sig(eventWith(base)))).toEqual(Array.from(sig(eventWith(base))));
    expect(sig(eventWith(base))).toHaveLength(128);
  });

  it('tokens are normalised function@file of contributing frames', () => {
    expect(frameTokens(loadInput('chrome-checkout'))).toEqual(['handleCheckout@main.js', 'total@main.js', 'computeTotal@main.js']);
    expect(frameTokens(loadInput('chrome-checkout'))).toEqual(frameTokens(loadInput('safari-checkout')));
  });

  it('attaches a near-duplicate (one extra frame on top) above the default threshold', () => {
    const idx = new SimilarityIndex();
    idx.add('group-a', sig(eventWith(base)));
    idx.add('group-b', sig(eventWith(base.map((f) => `other${f}`))));
    const near = eventWith([...base, 'formatPrice']);
    expect(fingerprintEvent(near).hashes[0]!.hash).not.toBe(fingerprintEvent(eventWith(base)).hashes[0]!.hash);
    const hits = idx.query(sig(near), DEFAULT_SIMILARITY_THRESHOLD);
    expect(hits.map((h) => h.groupId)).toEqual(['group-a']);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('attaches a stack with one changed frame only under a looser threshold (the default is conservative)', () => {
    const idx = new SimilarityIndex();
    idx.add('group-a', sig(eventWith(base)));
    const changed = [...base];
    changed[12] = 'renamedStep';
    const s = sig(eventWith(changed));
    expect(idx.query(s)).toEqual([]);
    expect(idx.query(s, 0.75).map((h) => h.groupId)).toEqual(['group-a']);
  });

  it('does not attach a different bug', () => {
    const idx = new SimilarityIndex();
    idx.add('checkout', sig(loadInput('chrome-checkout')));
    idx.add('recursion', sig(loadInput('chrome-recursion-depth-3')));
    expect(idx.query(sig(loadInput('firefox-profile')), 0.5)).toEqual([]);
    expect(idx.query(sig(loadInput('firefox-checkout')))).toEqual([{ groupId: 'checkout', score: 1 }]);
  });

  it('estimates Jaccard similarity within a few percent', () => {
    // 24 shared 2-shingles of 25: Jaccard 0.96.
    const est = estimateSimilarity(sig(eventWith(base)), sig(eventWith([...base, 'formatPrice'])));
    expect(Math.abs(est - 24 / 25)).toBeLessThan(0.06);
  });

  it('has no signature for an event without usable frames', () => {
    expect(eventSignature(loadInput('message-payment-1'))).toBeUndefined();
    expect(eventSignature(loadInput('firefox-eval-only'))).toBeUndefined();
  });

  it('keeps memory bounded: groups per partition are evicted least recently added first', () => {
    const idx = new SimilarityIndex({ maxGroups: 3 });
    const stacks = Array.from({ length: 5 }, (_, g) => base.map((f) => `${f}g${g}`));
    stacks.forEach((s, g) => idx.add(`g${g}`, sig(eventWith(s))));
    expect(idx.size).toBe(3);
    expect(idx.query(sig(eventWith(stacks[0]!)))).toEqual([]);
    expect(idx.query(sig(eventWith(stacks[4]!)))[0]!.groupId).toBe('g4');
  });

  it('caps ids per LSH bucket', () => {
    const idx = new SimilarityIndex({ maxPerBucket: 2 });
    const s = sig(eventWith(base));
    for (const g of ['a', 'b', 'c']) idx.add(g, s);
    expect(idx.query(s).map((h) => h.groupId)).toEqual(['b', 'c']);
  });

  it('partitions by project and exception type, with a bounded number of partitions', () => {
    const all = new SimilarityIndexes({ maxPartitions: 2 });
    const s = sig(eventWith(base));
    all.for('1', 'TypeError').add('g', s);
    expect(all.for('1', 'RangeError').query(s)).toEqual([]);
    expect(all.for('2', 'TypeError').query(s)).toEqual([]);
    // Third partition evicted the least recently used one ('1' TypeError).
    expect(all.for('1', 'TypeError').query(s)).toEqual([]);
  });

  it('rejects a signature of the wrong shape', () => {
    expect(() => new SimilarityIndex({ bands: 4, rows: 4 }).query(sig(eventWith(base)))).toThrow(/128 hashes, index expects 4×4/);
  });
});
