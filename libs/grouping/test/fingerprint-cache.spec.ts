import { syntheticFrames } from '@faultline/platform-testing';
// FingerprintCache: the same results as fingerprintEvent (without trees) and eventSignature, on a
// miss and on a hit, for every corpus input, with and without rules, under every config; bounded.
import { create, ExceptionMechanismSchema, SentryEventSchema, SentryExceptionSchema, type SentryEvent } from '@faultline/contracts';
import { eventSignature, fingerprintEvent, FingerprintCache, GROUPING_CONFIGS, parseRules, type FingerprintResult } from '../src/index.js';
import { inputNames, loadInput } from './support/inputs.js';

const RULES = parseRules(`
error.type:TypeError error.value:"*undefined*" function:computeTotal -> checkout-type-errors title="Checkout TypeErrors"
message:"Payment * failed*" -> payment-failures, {{ default }}
tags.tenant:acme !level:warning -> acme-{{ type }}
path:**/static/js/main.*.js function:renderProfile -> profile
`);

const strip = ({ hashes, ...rest }: FingerprintResult) => ({ ...rest, hashes: hashes.map((h) => ({ config: h.config, hash: h.hash })) });

function expectSame(cache: FingerprintCache, event: SentryEvent, options: { config?: string; rules?: typeof RULES; unscopedNames?: ReadonlyMap<string, string> }) {
  const got = cache.fingerprint(event, options);
  expect({ ...got.result, hashes: got.result.hashes.map((h) => ({ ...h })) }).toStrictEqual(strip(fingerprintEvent(event, options)));
  const sig = eventSignature(event);
  expect(got.signature() && Array.from(got.signature()!)).toEqual(sig && Array.from(sig));
  return got.outcome;
}

/** A 25-frame in-app TypeError like the benchmark's, with a value that differs per event. */
function benchEvent(f: number, n: number, extra: Partial<{ transaction: string; level: string; release: string }> = {}): SentryEvent {
  const frames = syntheticFrames(f);
  return create(SentryEventSchema, {
    level: 'error',
    ...extra,
    exception: { values: [{ type: 'TypeError', value: `Cannot read properties of undefined (reading 'id') order ${n}`, stacktrace: { frames } }] },
  });
}

describe('FingerprintCache', () => {
  const configs = Object.keys(GROUPING_CONFIGS);

  it('keys on the frames\' names before scope names too: the same stack with and without them gets each its own previous-config hash', () => {
    const cache = new FingerprintCache({ maxEntries: 100 });
    const event = benchEvent(0, 1);
    const unscopedNames = new Map([['0:3', 'ic']]);
    expect(expectSame(cache, event, {})).toBe('miss');
    expect(expectSame(cache, event, { unscopedNames })).toBe('miss');
    expect(expectSame(cache, event, { unscopedNames })).toBe('hit');
    expect(expectSame(cache, event, {})).toBe('hit');
    const plain = cache.fingerprint(event).result.hashes;
    const scoped = cache.fingerprint(event, { unscopedNames }).result.hashes;
    expect(scoped[0]).toEqual(plain[0]);
    expect(scoped[1]!.hash).not.toBe(plain[1]!.hash);
  });

  for (const name of inputNames()) {
    it(`gives fingerprintEvent's result for ${name}, on a miss and on a hit, under every config, with and without rules`, () => {
      const cache = new FingerprintCache({ maxEntries: 100 });
      const event = loadInput(name);
      for (const config of configs) {
        for (const rules of [[], RULES]) {
          const first = expectSame(cache, event, { config, rules });
          const second = expectSame(cache, event, { config, rules });
          expect(second).toBe(first === 'bypass' ? 'bypass' : 'hit');
        }
      }
    });
  }

  it('caches the usual exception events and bypasses rules, SDK fingerprints and messages', () => {
    const cache = new FingerprintCache({ maxEntries: 100 });
    const outcomes = new Map(inputNames().map((n) => [n, cache.fingerprint(loadInput(n), { rules: RULES }).outcome]));
    expect(outcomes.get('chrome-recursion-depth-3')).toBe('miss');
    expect(outcomes.get('chrome-checkout')).toBe('bypass'); // its rule matches
    expect(outcomes.get('sdk-fingerprint-custom')).toBe('bypass');
    expect(outcomes.get('message-payment-1')).toBe('bypass');
  });

  it('hits for the same stack with another value, release, level or transaction, which it reads from the event', () => {
    const cache = new FingerprintCache({ maxEntries: 100 });
    expect(expectSame(cache, benchEvent(7, 1), {})).toBe('miss');
    const other = benchEvent(7, 2, { level: 'warning', release: 'shop@2', transaction: '/checkout' });
    expect(expectSame(cache, other, {})).toBe('hit');
    expect(cache.fingerprint(other).result.title).toBe("TypeError: Cannot read properties of undefined (reading 'id') order 2");
    expect(cache.fingerprint(other).result.level).toBe('warning');
  });

  it('misses when anything the hashes read differs: a frame field, in_app, the type, synthetic, another exception, the config', () => {
    const cache = new FingerprintCache({ maxEntries: 100 });
    const base = benchEvent(3, 1);
    expect(expectSame(cache, base, {})).toBe('miss');
    const variants: ((e: SentryEvent) => void)[] = [
      (e) => (e.exception!.values[0]!.stacktrace!.frames[4]!.function = 'Module.other'),
      (e) => (e.exception!.values[0]!.stacktrace!.frames[4]!.module = 'src/other'),
      (e) => (e.exception!.values[0]!.stacktrace!.frames[4]!.filename = 'https://shop.example.com/other.js'),
      (e) => (e.exception!.values[0]!.stacktrace!.frames[4]!.absPath = 'https://shop.example.com/abs.js'),
      (e) => (e.exception!.values[0]!.stacktrace!.frames[4]!.inApp = false),
      (e) => (e.exception!.values[0]!.type = 'RangeError'),
      (e) => (e.exception!.values[0]!.mechanism = create(ExceptionMechanismSchema, { synthetic: true })),
      (e) => e.exception!.values.unshift(create(SentryExceptionSchema, { type: 'Error', stacktrace: { frames: [{ function: 'cause', filename: 'app.js', inApp: true }] } })),
    ];
    for (const change of variants) {
      const e = benchEvent(3, 1);
      change(e);
      expect(expectSame(cache, e, {})).toBe('miss');
    }
    // The same stack under another config is another entry (other hashes).
    expect(expectSame(cache, base, { config: configs[0] })).toBe('miss');
    expect(expectSame(cache, base, {})).toBe('hit');
  });

  it('keeps at most maxEntries stacks, dropping the least recently used', () => {
    const cache = new FingerprintCache({ maxEntries: 2 });
    expect(cache.fingerprint(benchEvent(1, 1)).outcome).toBe('miss');
    expect(cache.fingerprint(benchEvent(2, 1)).outcome).toBe('miss');
    expect(cache.fingerprint(benchEvent(1, 2)).outcome).toBe('hit');
    expect(cache.fingerprint(benchEvent(3, 1)).outcome).toBe('miss'); // drops 2, used least recently
    expect(cache.size).toBe(2);
    expect(cache.fingerprint(benchEvent(1, 3)).outcome).toBe('hit');
    expect(cache.fingerprint(benchEvent(2, 2)).outcome).toBe('miss');
  });

  it('with maxEntries 0 computes every event (and still gives the same results)', () => {
    const cache = new FingerprintCache({ maxEntries: 0 });
    expect(expectSame(cache, benchEvent(1, 1), {})).toBe('bypass');
    expect(expectSame(cache, benchEvent(1, 2), {})).toBe('bypass');
    expect(cache.size).toBe(0);
    expect(() => new FingerprintCache({ maxEntries: -1 })).toThrow(/maxEntries/);
  });
});
