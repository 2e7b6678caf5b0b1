import { foldFunctionName, frameFunctionName } from './function-name.js';

describe('function naming', () => {
  it('folds repeated segments but never the last one', () => {
    expect(foldFunctionName('bar.foo.foo.onError')).toBe('bar.{foo#2}.onError');
    expect(foldFunctionName('a.a.a.a')).toBe('{a#3}.a');
    expect(foldFunctionName('Object.render')).toBe('Object.render');
    expect(foldFunctionName('render')).toBe('render');
  });

  it('prefers the caller\'s call-site name, unless it is useless', () => {
    expect(frameFunctionName('formatPrice', 'n')).toBe('formatPrice');
    expect(frameFunctionName('__webpack_require__', 'n')).toBe('n');
    expect(frameFunctionName(undefined, 'a.b.b.c')).toBe('a.{b#2}.c');
    expect(frameFunctionName(undefined, undefined)).toBeUndefined();
  });
});
