// The same error from Chrome (captured in real Chromium), Firefox, Safari and Edge → one hash; different
// throw sites → different hashes; recursion depth does not matter.
import { fingerprintEvent } from '../src/index.js';
import { loadInput } from './support/inputs.js';

const hash = (name: string) => fingerprintEvent(loadInput(name)).hashes[0]!.hash;

describe('cross-browser grouping', () => {
  it('groups the checkout TypeError from Chrome, Firefox, Safari, Edge and legacy Edge together', () => {
    const names = ['chrome-checkout', 'firefox-checkout', 'safari-checkout', 'edge-checkout', 'edge-legacy-checkout'];
    const hashes = new Set(names.map(hash));
    expect(hashes.size).toBe(1);
  });

  it('keeps the hash equal under the previous config too', () => {
    const names = ['chrome-checkout', 'firefox-checkout', 'safari-checkout', 'edge-checkout'];
    expect(new Set(names.map((n) => fingerprintEvent(loadInput(n)).hashes[1]!.hash)).size).toBe(1);
  });

  it('groups the profile error from Chrome and Firefox together, apart from checkout', () => {
    expect(hash('chrome-profile')).toBe(hash('firefox-profile'));
    expect(hash('chrome-profile')).not.toBe(hash('chrome-checkout'));
  });

  it('collapses recursion: depth 3, depth 7 and Safari depth 2 group together', () => {
    expect(hash('chrome-recursion-depth-3')).toBe(hash('chrome-recursion-depth-7'));
    expect(hash('chrome-recursion-depth-3')).toBe(hash('safari-recursion'));
  });

  it('gives the chained error its own group (both exceptions contribute)', () => {
    const r = fingerprintEvent(loadInput('chrome-chained-cause'));
    expect(r.hashes[0]!.tree.values[0]).toMatchObject({ id: 'chained-exception', contributes: true });
    expect(r.hashes[0]!.hash).not.toBe(hash('chrome-checkout'));
    expect(r.title).toBe('Error: Order submission failed');
  });

  it('titles and culprits like Sentry', () => {
    const r = fingerprintEvent(loadInput('chrome-checkout'));
    expect(r.title).toBe("TypeError: Cannot read properties of undefined (reading 'price')");
    expect(r.culprit).toBe('computeTotal(/static/js/main.3f9a1c.js)');
    expect(r.exceptionType).toBe('TypeError');
    expect(fingerprintEvent(loadInput('firefox-checkout')).culprit).toBe('computeTotal(/static/js/main.8b1d2e.js)');
  });
});
