// Config versions: every event is hashed under the current config and its predecessor.
import { CURRENT_CONFIG, GROUPING_CONFIGS, fingerprintEvent, getConfig } from '../src/index.js';
import { inputNames, loadInput } from './support/inputs.js';

describe('grouping config versions', () => {
  it('hashes every input under js:2026-12-01 and js:2026-11-01', () => {
    expect(CURRENT_CONFIG).toBe('js:2026-12-01');
    for (const name of inputNames()) {
      const r = fingerprintEvent(loadInput(name));
      expect(r.hashes.map((h) => h.config)).toEqual(['js:2026-12-01', 'js:2026-11-01']);
      for (const h of r.hashes) expect(h.hash).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('groups messages differing only by a quoted value under the current config, not the old one', () => {
    const a = fingerprintEvent(loadInput('message-quoted-flag-a'));
    const b = fingerprintEvent(loadInput('message-quoted-flag-b'));
    expect(a.hashes[0]!.hash).toBe(b.hashes[0]!.hash);
    expect(a.hashes[1]!.hash).not.toBe(b.hashes[1]!.hash);
  });

  it('keeps stack-based hashes stable across the upgrade (old groups are found by the new hash)', () => {
    const r = fingerprintEvent(loadInput('chrome-checkout'));
    expect(r.hashes[0]!.hash).toBe(r.hashes[1]!.hash);
  });

  it('hashes with an older config alone when asked', () => {
    const r = fingerprintEvent(loadInput('chrome-checkout'), { config: 'js:2026-11-01' });
    expect(r.hashes.map((h) => h.config)).toEqual(['js:2026-11-01']);
  });

  it('rejects an unknown config id', () => {
    expect(() => getConfig('js:2099-01-01')).toThrow(/unknown grouping config "js:2099-01-01"/);
    expect(Object.keys(GROUPING_CONFIGS)).toEqual(['js:2026-11-01', 'js:2026-12-01']);
  });
});
