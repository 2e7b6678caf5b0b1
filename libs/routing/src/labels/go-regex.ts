// Translates Go RE2 syntax into an equivalent JavaScript RegExp (with the `u` flag, so that, like Go,
// it matches code points rather than UTF-16 units). Alertmanager anchors every matcher regex as
// `^(?:re)$`; so do we. Constructs that RE2 rejects (backreferences, lookaround) are rejected here
// too, and RE2 constructs JavaScript cannot express identically (ungreedy mode, flags in the middle
// of a pattern) are rejected with a message rather than silently matching differently.

/** A regular expression that Go accepts but Faultline cannot reproduce, or that Go rejects. */
export class RegexSyntaxError extends Error {
  override name = 'RegexSyntaxError';
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
const PERL: Record<string, string> = {
  d: '0-9', w: '0-9A-Za-z_', s: '\\t\\n\\f\\r ',
};
// Characters that must be escaped to be literal in a JS `u` pattern (outside a class).
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const CLASS_SYNTAX = new Set('\\]^-['.split(''));

function lit(ch: string, inClass: boolean): string {
  const set = inClass ? CLASS_SYNTAX : JS_SYNTAX;
  if (set.has(ch)) return '\\' + ch;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  return ch;
}

/** Compiles a Go regexp exactly as Alertmanager does for `=~`/`!~` matchers: fully anchored. */
export function compileGoRegex(source: string): RegExp {
  const t = new Translator(source);
  const body = t.translate();
  const anchoredStart = t.flags.includes('m') ? '(?<![\\s\\S])' : '^';
  const anchoredEnd = t.flags.includes('m') ? '(?![\\s\\S])' : '$';
  try {
    return new RegExp(`${anchoredStart}(?:${body})${anchoredEnd}`, 'u' + t.flags);
  } catch (e) {
    throw new RegexSyntaxError(`error parsing regexp: ${(e as Error).message}: \`${source}\``);
  }
}

class Translator {
  private i = 0;
  flags = '';
  private dotAll = false;
  constructor(private readonly src: string) {}

  private fail(msg: string): never {
    throw new RegexSyntaxError(`error parsing regexp: ${msg}: \`${this.src}\``);
  }

  translate(): string {
    // Leading flag groups apply to the whole pattern, which the JS flags can express exactly.
    let m: RegExpExecArray | null;
    while ((m = /^\(\?([imsU]+)\)/.exec(this.src.slice(this.i))) !== null) {
      for (const f of m[1]!) {
        if (f === 'U') this.fail('ungreedy mode (?U) is not supported by Faultline');
        if (f === 's') this.dotAll = true;
        else if (!this.flags.includes(f)) this.flags += f;
      }
      this.i += m[0].length;
    }
    let out = '';
    let depth = 0;
    while (this.i < this.src.length) {
      const ch = this.src[this.i]!;
      if (ch === '\\') { out += this.escape(false); continue; }
      if (ch === '[') { out += this.charClass(); continue; }
      if (ch === '(') { out += this.group(); depth++; continue; }
      if (ch === ')') { if (--depth < 0) this.fail('unexpected )'); this.i++; out += ')'; continue; }
      if (ch === '.') { this.i++; out += this.dotAll ? '[\\s\\S]' : '[^\\n]'; continue; }
      if (ch === '{') { out += this.brace(); continue; }
      if (ch === '}' || ch === ']' || ch === '/') { this.i++; out += '\\' + ch; continue; }
      if ('*+?'.includes(ch)) {
        // RE2 rejects stacked repetition (`a**`, `a++`) just as JS does; a lazy `?` is fine.
        this.i++;
        out += ch;
        continue;
      }
      const cp = this.src.codePointAt(this.i)!;
      const s = String.fromCodePoint(cp);
      this.i += s.length;
      out += '^$|'.includes(s) ? s : lit(s, false);
    }
    if (depth !== 0) this.fail('missing closing )');
    return out;
  }

  private group(): string {
    const rest = this.src.slice(this.i);
    if (rest.startsWith('(?P<') || rest.startsWith('(?<')) {
      const m = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
      if (!m) this.fail('invalid named capture');
      this.i += m[0].length;
      return `(?<${m[1]}>`;
    }
    if (rest.startsWith('(?:')) { this.i += 3; return '(?:'; }
    if (rest.startsWith('(?')) {
      if (/^\(\?[=!<]/.test(rest)) this.fail('invalid or unsupported Perl syntax');
      this.fail('flags after the start of the pattern are not supported by Faultline');
    }
    this.i++;
    return '(';
  }

  // `{n}`, `{n,}`, `{n,m}` are repetitions (max 1000 in RE2); anything else is a literal brace in Go.
  private brace(): string {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
    if (!m) { this.i++; return '\\{'; }
    const min = Number(m[1]);
    const max = m[3] ? Number(m[3]) : min;
    if (min > 1000 || max > 1000 || (m[3] !== undefined && m[3] !== '' && max < min)) {
      this.fail(`invalid repeat count: \`${m[0]}\``);
    }
    this.i += m[0].length;
    return m[0];
  }

  private escape(inClass: boolean): string {
    const next = this.src[this.i + 1];
    if (next === undefined) this.fail('trailing backslash at end of expression');
    this.i += 2;
    if (next in PERL) return inClass ? PERL[next]! : `[${PERL[next]}]`;
    if (next.toLowerCase() in PERL && next !== next.toLowerCase()) {
      if (inClass) this.fail('negated Perl class inside a class is not supported by Faultline');
      return `[^${PERL[next.toLowerCase()]}]`;
    }
    switch (next) {
      case 'n': return '\\n';
      case 't': return '\\t';
      case 'r': return '\\r';
      case 'f': return '\\f';
      case 'v': return '\\v';
      case 'a': return '\\x07';
      case 'A': if (inClass) break; return '(?<![\\s\\S])';
      case 'z': if (inClass) break; return '(?![\\s\\S])';
      case 'b': case 'B': if (inClass) break; return '\\' + next;
      case 'x': return this.hexEscape();
      case 'p': case 'P': return this.unicodeClass(next);
      case 'Q': {
        const end = this.src.indexOf('\\E', this.i);
        const text = end < 0 ? this.src.slice(this.i) : this.src.slice(this.i, end);
        this.i = end < 0 ? this.src.length : end + 2;
        return [...text].map((c) => lit(c, inClass)).join('');
      }
    }
    if (/[0-7]/.test(next)) {
      // RE2 allows octal escapes \1–\7 only as \0nn style; \1 etc. are backreferences it rejects.
      if (next !== '0') this.fail(`invalid escape sequence: \`\\${next}\``);
      const m = /^[0-7]{0,2}/.exec(this.src.slice(this.i))!;
      this.i += m[0].length;
      return `\\u{${parseInt('0' + m[0], 8).toString(16)}}`;
    }
    if (/[!-/:-@[-`{-~]/.test(next)) return lit(next, inClass);
    this.fail(`invalid escape sequence: \`\\${next}\``);
  }

  private hexEscape(): string {
    const rest = this.src.slice(this.i);
    const m = /^\{([0-9A-Fa-f]+)\}/.exec(rest) ?? /^([0-9A-Fa-f]{2})/.exec(rest);
    if (!m) this.fail('invalid escape sequence: `\\x`');
    const cp = parseInt(m[1]!, 16);
    if (cp > 0x10ffff) this.fail('invalid escape sequence');
    this.i += m[0].length;
    return `\\u{${cp.toString(16)}}`;
  }

  private unicodeClass(p: string): string {
    const rest = this.src.slice(this.i);
    const m = /^\{(\^?)([A-Za-z_]+)\}/.exec(rest) ?? /^()([A-Za-z])/.exec(rest);
    if (!m) this.fail('invalid character class range');
    this.i += m[0].length;
    const negate = (p === 'P') !== (m[1] === '^');
    const name = m[2]!;
    const isCategory = /^[A-Z][a-z]?$/.test(name) || name === 'Any';
    const body = name === 'Any' ? 'Any' : isCategory ? name : `Script=${name}`;
    return `\\${negate ? 'P' : 'p'}{${body}}`;
  }

  private charClass(): string {
    this.i++;
    let out = '[';
    if (this.src[this.i] === '^') { out += '^'; this.i++; }
    let first = true;
    while (this.i < this.src.length) {
      const ch = this.src[this.i]!;
      if (ch === ']' && !first) { this.i++; return out + ']'; }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
      if (posix) {
        const set = POSIX[posix[2]!];
        if (!set) this.fail(`invalid character class range: \`${posix[0]}\``);
        if (posix[1]) this.fail('negated POSIX class inside a class is not supported by Faultline');
        out += set;
        this.i += posix[0].length;
        continue;
      }
      if (ch === '\\') { out += this.escape(true); continue; }
      if (ch === '-') { this.i++; out += '-'; continue; }
      const cp = this.src.codePointAt(this.i)!;
      const s = String.fromCodePoint(cp);
      this.i += s.length;
      out += lit(s, true);
    }
    this.fail(`missing closing ]: \`${this.src}\``);
  }
}
