// Table tests of the normalisers: filenames, function names, message parameters.
import { isNativeFile, normalizeFilename } from './filename.js';
import { normalizeFunction, unusableFunctionReason } from './function.js';
import { parameterize } from './parameterize.js';

describe('normalizeFilename', () => {
  it.each([
    ['https://cdn.shop.test/static/js/main.3f9a1c.js?v=2#x', 'main.js'],
    ['chunk-7b3ac2.js', 'chunk.js'],
    ['app.3f9a1c2b.min.js', 'app.min.js'],
    ['https://shop.test/assets/index-BkX3a9_q.js', 'index.js'],
    ['main.3f2a.js', 'main.js'],
    ['/static/js/451.a1b2c3.chunk.js', '451.chunk.js'],
    ['webpack:///src/app/Cart.tsx', 'Cart.tsx'],
    ['app:///src/components/OrderRow.tsx', 'OrderRow.tsx'],
    ['C:\\app\\dist\\server.js', 'server.js'],
    ['utf8.js', 'utf8.js'],
    ['polyfills-es2015.js', 'polyfills-es2015.js'],
    ['https://shop.test/static/js/3fa85f6457174562.js', '<hash>.js'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeFilename(input)).toBe(expected);
  });

  it('knows native locations', () => {
    for (const f of ['[native code]', '<anonymous>', 'native code', 'index 0']) expect(isNativeFile(f)).toBe(true);
    expect(isNativeFile('main.js')).toBe(false);
  });
});

describe('normalizeFunction', () => {
  it.each([
    ['Object.render', 'render'],
    ['t.onClick', 'onClick'],
    ['HTMLButtonElement.handleCheckout', 'handleCheckout'],
    ['Module.load', 'load'],
    ['Cart.prototype.total', 'total'],
    ['async*loadUser', 'loadUser'],
    ['async new Menu', 'Menu'],
    ['new Widget', 'Widget'],
    ['*generate', 'generate'],
    ['Foo.bar [as baz]', 'bar'],
    ['outer</inner', 'inner'],
    ['computeTotal/<', '<anonymous>'],
    ['HTMLButtonElement.<anonymous>', '<anonymous>'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeFunction(input)).toBe(expected);
  });

  it.each([['?'], ['<anonymous>'], ['Anonymous function'], ['global code'], ['eval'], ['']])('%j is not usable', (name) => {
    expect(unusableFunctionReason(normalizeFunction(name))).toMatch(/^ignored: (anonymous function|eval frame)$/);
  });
});

describe('parameterize', () => {
  const p = (s: string, quoted = true) => parameterize(s, { quoted }).text;
  it.each([
    ['Order 42 failed', 'Order <int> failed'],
    ['Mail to a.b+c@x.example.com bounced', 'Mail to <email> bounced'],
    ['GET https://api.x.test/v1/o/42?q=1 failed', 'GET <url> failed'],
    ['id 3fa85f64-5717-4562-b3fc-2c963f66afa6', 'id <uuid>'],
    ['sha 3f786850e387550fdab836ed7e6dc881de23001b', 'sha <hash>'],
    ['ptr 0x7ffe12ab', 'ptr <hex>'],
    ['from 10.1.2.3 and ::1 and 2001:db8::1', 'from <ip> and <ip> and <ip>'],
    ['at 2026-11-27T20:05:16.123Z', 'at <date>'],
    ['at Fri, 27 Nov 2026 20:05:16 GMT', 'at <date>'],
    ["flag 'beta' missing", 'flag <quoted> missing'],
    ['took 12.5s', 'took <int>s'],
  ])('%s → %s', (input, expected) => {
    expect(p(input)).toBe(expected);
  });

  it('leaves quoted strings alone when the config says so, and names what it replaced', () => {
    expect(parameterize("flag 'beta' for 7", { quoted: false })).toEqual({ text: "flag 'beta' for <int>", kinds: ['numbers'] });
  });
});
