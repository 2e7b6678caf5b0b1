import { culpritPath, ownersOf, parseCodeowners } from './codeowners.js';

describe('CODEOWNERS', () => {
  const rules = parseCodeowners(`
# comment
*            @everyone
/src/checkout/   @alice @acme/payments
*.css        @designer
docs/**      @writer   # trailing comment
src/**/legacy.ts @bob
`);

  it('lets the last matching rule win and leaves teams out', () => {
    expect(ownersOf(rules, 'README.md')).toEqual(['everyone']);
    expect(ownersOf(rules, 'src/checkout/place-order.ts')).toEqual(['alice']);
    expect(ownersOf(rules, 'web/app.css')).toEqual(['designer']);
    expect(ownersOf(rules, 'docs/a/b.md')).toEqual(['writer']);
    expect(ownersOf(rules, 'src/x/y/legacy.ts')).toEqual(['bob']);
    expect(ownersOf(rules, './src/checkout/a.ts')).toEqual(['alice']);
  });

  it('has no owners for an empty file', () => {
    expect(ownersOf(parseCodeowners(''), 'a.ts')).toEqual([]);
  });

  it('reads the path out of a culprit', () => {
    expect(culpritPath('submitOrder(src/checkout/place-order.ts)')).toBe('src/checkout/place-order.ts');
    expect(culpritPath('webpack://app/./src/a.ts:10:3')).toBe('./src/a.ts');
    expect(culpritPath('anonymous')).toBeUndefined();
    expect(culpritPath(undefined)).toBeUndefined();
  });
});
