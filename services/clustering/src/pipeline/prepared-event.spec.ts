import { create, EnrichedEventSchema, type EnrichedEvent } from '@faultline/contracts';
import { CURRENT_CONFIG, fingerprintEvent, getConfig } from '@faultline/grouping';
import { prepareEvent } from './prepared-event.js';

/** A minified checkout error as enrichment publishes it, the outermost frame named by its scope or not. */
function enriched(outermost: string, scopeNamed: boolean): EnrichedEvent {
  const frames = [
    { filename: '/src/main.js', absPath: 'https://shop.example.com/src/main.js', function: outermost, module: 'src/main', lineno: 24, colno: 10, inApp: true },
    { filename: '/src/search.js', absPath: 'https://shop.example.com/src/search.js', function: 'resultPage', module: 'src/search', lineno: 3, colno: 17, inApp: true },
  ];
  return create(EnrichedEventSchema, {
    projectId: '1',
    eventId: 'c'.repeat(32),
    event: { exception: { values: [{ type: 'RangeError', value: 'Invalid array length', stacktrace: { frames } }] } },
    enrichment: scopeNamed ? { frames: [{ exceptionIndex: 0, frameIndex: 0, rawFrame: { function: 'ic' }, scopeName: true }] } : {},
  });
}

describe('prepareEvent and scope names', () => {
  const inputs = { config: CURRENT_CONFIG, rules: [], similarity: false };

  it('hashes a scope-named frame by its old name under the previous config, so the group it had before is found', () => {
    expect(getConfig(CURRENT_CONFIG).scopeNames).toBe(true);
    const now = prepareEvent(enriched('onSearch', true), inputs).fp.hashes;
    // The same error before scope names: the frame was called by its minified name.
    const before = fingerprintEvent(enriched('ic', false).event!, { config: getConfig(CURRENT_CONFIG).previous }).hashes[0]!.hash;
    expect(now.map((h) => h.config)).toEqual([CURRENT_CONFIG, getConfig(CURRENT_CONFIG).previous]);
    expect(now[1]!.hash).toBe(before);
    expect(now[0]!.hash).not.toBe(before);
  });

  it('hashes a frame that a call site named the same under both configs', () => {
    const now = prepareEvent(enriched('onSearch', false), inputs).fp.hashes;
    expect(now[0]!.hash).toBe(now[1]!.hash);
  });
});
