import { formatMatchers, sortMatchers } from './matcher.js';
import { MatcherParseError, parseMatcher, parseMatchers } from './parse.js';

describe('parseMatcher (Alertmanager 0.25 grammar)', () => {
  it.each([
    ['foo=bar', '=', 'foo', 'bar'],
    ['foo="bar"', '=', 'foo', 'bar'],
    ['foo!=bar', '!=', 'foo', 'bar'],
    ['foo=~"a|b"', '=~', 'foo', 'a|b'],
    ['foo!~a.*', '!~', 'foo', 'a.*'],
    ['  foo  =  "bar baz"  ', '=', 'foo', 'bar baz'],
    ['foo=', '=', 'foo', ''],
    ['foo=""', '=', 'foo', ''],
    ['foo="a\\"b"', '=', 'foo', 'a"b'],
    ['foo="a\\\\b"', '=', 'foo', 'a\\b'],
    ['foo="a\\nb"', '=', 'foo', 'a\nb'],
    ['foo="a\\db"', '=', 'foo', 'a\\db'], // spurious escapes keep the backslash
    ['foo=a\\', '=', 'foo', 'a\\'],
    ['foo:bar=x', '=', 'foo:bar', 'x'],
    ['foo==bar', '=', 'foo', '=bar'],
  ])('%s', (input, type, name, value) => {
    const m = parseMatcher(input);
    expect({ type: m.type, name: m.name, value: m.value }).toEqual({ type, name, value });
  });

  it.each(['foo', '1foo=bar', 'foo="bar', 'foo=bar"', 'foo="a"b"', '=bar', 'foo~bar'])('rejects %s', (input) => {
    expect(() => parseMatcher(input)).toThrow(MatcherParseError);
  });
});

describe('parseMatchers', () => {
  it('splits on commas outside quotes and accepts braces', () => {
    const ms = parseMatchers('{foo="a,b", bar=~"x|y",baz!=qux}');
    expect(ms.map(String)).toEqual(['foo="a,b"', 'bar=~"x|y"', 'baz!="qux"']);
  });

  it('keeps escaped quotes inside quoted values', () => {
    expect(parseMatchers('a="x\\",y", b=c').map((m) => m.value)).toEqual(['x",y', 'c']);
  });

  it('rejects an empty element between commas', () => {
    expect(() => parseMatchers('a=b,,c=d')).toThrow('bad matcher format');
  });
});

describe('Matcher', () => {
  it('matches missing labels as empty', () => {
    expect(parseMatcher('foo=""').matches({})).toBe(true);
    expect(parseMatcher('foo!=""').matches({})).toBe(false);
    expect(parseMatcher('foo=~".*"').matches({})).toBe(true);
  });

  it('anchors regexes fully', () => {
    const m = parseMatcher('foo=~"b|c"');
    expect(m.matches({ foo: 'b' })).toBe(true);
    expect(m.matches({ foo: 'abc' })).toBe(false);
    expect(parseMatcher('foo!~"b.*"').matches({ foo: 'abc' })).toBe(true);
  });

  it('prints and sorts like labels.Matchers', () => {
    const ms = sortMatchers(parseMatchers('b=~"x", a="q\\"\\\\\\n", b="x", b!="x", a!~y'));
    expect(formatMatchers(ms)).toBe('{a="q\\"\\\\\\n",a!~"y",b="x",b!="x",b=~"x"}');
  });
});
