// Config versions: every event is hashed under the current config and its predecessor.
import { CURRENT_CONFIG, GROUPING_CONFIGS, fingerprintEvent, getConfig } from '../src/index.js';
import { inputNames, loadInput } from './support/inputs.js';

describe('grouping config versions', () => {
  it('hashes every input under js:2026-12-15 and js:2026-12-01', () => {
    expect(CURRENT_CONFIG).toBe('js:2026-12-15');
    for (const name of inputNames()) {
      const r = fingerprintEvent(loadInput(name));
      expect(r.hashes.map((h) => h.config)).toEqual(['js:2026-12-15', 'js:2026-12-01']);
      for (const h of r.hashes) expect(h.hash).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('groups messages differing only by a quoted value under js:2026-12-01, not the old one', () => {
    const a = fingerprintEvent(loadInput('message-quoted-flag-a'), { config: 'js:2026-12-01' });
    const b = fingerprintEvent(loadInput('message-quoted-flag-b'), { config: 'js:2026-12-01' });
    expect(a.hashes[0]!.hash).toBe(b.hashes[0]!.hash);
    expect(a.hashes[1]!.hash).not.toBe(b.hashes[1]!.hash);
  });

  it('keeps stack-based hashes stable across the upgrade (old groups are found by the new hash)', () => {
    const r = fingerprintEvent(loadInput('chrome-checkout'));
    expect(r.hashes[0]!.hash).toBe(r.hashes[1]!.hash);
  });

  it('js:2026-12-15 groups a scope-named frame by its scope name; js:2026-12-01 by its name before, so existing groups still match', () => {
    const before = loadInput('chrome-checkout');
    const frames = before.exception!.values.at(-1)!.stacktrace!.frames;
    const at = frames.findIndex((f) => f.inApp);
    const key = `${before.exception!.values.length - 1}:${at}`;
    // What enrichment now publishes: the frame named after its scope, its old name alongside.
    const after = structuredClone(before);
    after.exception!.values.at(-1)!.stacktrace!.frames[at]!.function = 'onSearch';
    const unscopedNames = new Map([[key, frames[at]!.function]]);
    const upgraded = fingerprintEvent(after, { unscopedNames });
    const old = fingerprintEvent(before, { config: 'js:2026-12-01' });
    expect(upgraded.hashes[1]!.hash).toBe(old.hashes[0]!.hash);
    expect(upgraded.hashes[0]!.hash).not.toBe(upgraded.hashes[1]!.hash);
    expect(upgraded.hashes[0]!.hash).toBe(fingerprintEvent(after).hashes[0]!.hash);
    // Without the old name, the previous config would see the new name and split the group.
    expect(fingerprintEvent(after).hashes[1]!.hash).not.toBe(old.hashes[0]!.hash);
  });

  it('hashes with an older config alone when asked', () => {
    const r = fingerprintEvent(loadInput('chrome-checkout'), { config: 'js:2026-11-01' });
    expect(r.hashes.map((h) => h.config)).toEqual(['js:2026-11-01']);
  });

  it('rejects an unknown config id', () => {
    expect(() => getConfig('js:2099-01-01')).toThrow(/unknown grouping config "js:2099-01-01"/);
    expect(Object.keys(GROUPING_CONFIGS)).toEqual(['js:2026-11-01', 'js:2026-12-01', 'js:2026-12-15']);
  });
});
