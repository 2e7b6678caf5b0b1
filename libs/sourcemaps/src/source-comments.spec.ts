import { debugIdOf, decodeDataUrl, normalizeDebugId, resolveReference, sourceMappingUrl } from './source-comments.js';

describe('source comments', () => {
  it('reads the last sourceMappingURL, in // and legacy //@ and CSS forms', () => {
    expect(sourceMappingUrl('a()\n//# sourceMappingURL=old.map\nb()\n//# sourceMappingURL=app.js.map\n')).toBe('app.js.map');
    expect(sourceMappingUrl('a()\n//@ sourceMappingURL=legacy.map')).toBe('legacy.map');
    expect(sourceMappingUrl('a{}\n/*# sourceMappingURL=s.css.map */')).toBe('s.css.map');
    expect(sourceMappingUrl('no comment')).toBeUndefined();
  });

  it('reads and normalises a debug id comment', () => {
    expect(debugIdOf('x()\n//# debugId=5E3A1C2B-9F4D-4E6A-8B7C-0D1E2F3A4B5C\n')).toBe('5e3a1c2b-9f4d-4e6a-8b7c-0d1e2f3a4b5c');
    expect(normalizeDebugId('5e3a1c2b9f4d4e6a8b7c0d1e2f3a4b5c')).toBe('5e3a1c2b-9f4d-4e6a-8b7c-0d1e2f3a4b5c');
  });

  it('resolves references against full and ~/ URLs', () => {
    expect(resolveReference('app.js.map', 'https://h/static/app.js?v=1')).toBe('https://h/static/app.js.map');
    expect(resolveReference('../maps/app.js.map', '~/static/js/app.js')).toBe('~/static/maps/app.js.map');
    expect(resolveReference('https://cdn/x.map', '~/a.js')).toBe('https://cdn/x.map');
  });

  it('decodes base64 and percent-encoded data: URLs', () => {
    expect(new TextDecoder().decode(decodeDataUrl(`data:application/json;charset=utf-8;base64,${Buffer.from('{"a":1}').toString('base64')}`))).toBe('{"a":1}');
    expect(new TextDecoder().decode(decodeDataUrl('data:application/json,%7B%7D'))).toBe('{}');
    expect(decodeDataUrl('app.js.map')).toBeUndefined();
  });
});
