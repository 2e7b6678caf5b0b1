import { RegexSyntaxError, compileGoRegex } from './go-regex.js';

const ok = (re: string, yes: string[], no: string[]) => {
  const r = compileGoRegex(re);
  for (const s of yes) expect(r.test(s), `${re} should match ${JSON.stringify(s)}`).toBe(true);
  for (const s of no) expect(r.test(s), `${re} should not match ${JSON.stringify(s)}`).toBe(false);
};

describe('compileGoRegex', () => {
  it('anchors like Alertmanager', () => ok('a|b', ['a', 'b'], ['ab', 'xa', '']));
  it('dot does not match \\n but matches \\r, as in Go', () => ok('a.b', ['a\rb', 'a😀b'], ['a\nb']));
  it('supports a leading (?i) and (?s)', () => {
    ok('(?i)timeout', ['TimeOut'], ['timeouts']);
    ok('(?s)a.b', ['a\nb'], []);
  });
  it('keeps \\s to RE2 ASCII space', () => ok('a\\sb', ['a b', 'a\tb'], ['a\u00a0b', 'a\u000bb']));
  it('supports POSIX classes, \\pL, \\Q…\\E, \\x{…}, named groups', () => {
    ok('[[:alpha:]]+_[[:digit:]]', ['abc_1'], ['ab1_1']);
    ok('\\pL+', ['héllo'], ['h1']);
    ok('\\Qa.b\\E', ['a.b'], ['axb']);
    ok('\\x{41}\\x42', ['AB'], []);
    ok('(?P<x>a)b', ['ab'], []);
  });
  it('treats a brace that is not a repetition as a literal, as Go does', () => {
    ok('a{,2}', ['a{,2}'], ['aa']);
    ok('a{2}', ['aa'], ['a']);
    ok('x}', ['x}'], []);
  });
  it('reads ] first in a class as a literal', () => ok('[]a]+', [']a]'], ['b']));
  it.each(['(a', 'a)', '[a', '(?=a)', '(?!a)', '(?<=a)b', '\\1', 'a\\', '(?U)a*', 'a(?i)b', 'x{1001}'])('rejects %s', (re) => {
    expect(() => compileGoRegex(re)).toThrow(RegexSyntaxError);
  });
});
