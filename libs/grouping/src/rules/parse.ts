// Server-side fingerprint rules in Sentry's text syntax, one rule a line:
//   error.type:TypeError error.value:"*undefined*" -> checkout-type-errors title="Checkout TypeErrors"
//   !path:**/vendor/** function:load* -> {{ default }}, loader
// `#` starts a comment. Errors name the line and column so a project admin can fix the rule they typed.

/** Keys a matcher may use; `tags.<name>` is accepted too. */
export const MATCHER_KEYS = ['error.type', 'error.value', 'message', 'module', 'function', 'path', 'stack.abs_path', 'stack.module', 'stack.function', 'release', 'level', 'type', 'value'] as const;

/** One `key:pattern` condition; a leading `!` negates it. */
export interface RuleMatcher {
  key: string;
  pattern: string;
  negated: boolean;
}

/** One parsed rule: all matchers must hold; then the fingerprint (and title) apply. */
export interface FingerprintRule {
  /** 1-based line in the rules text. */
  line: number;
  /** The rule as written, for explanations. */
  text: string;
  matchers: RuleMatcher[];
  /** Fingerprint values; may contain `{{ default }}` and other variables. */
  fingerprint: string[];
  /** Optional title override. */
  title?: string;
}

/** A syntax error in the rules text, located by 1-based line and column. */
export class RuleParseError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`fingerprint rules: line ${line}, column ${column}: ${reason}`);
    this.name = 'RuleParseError';
  }
}

/** Parses a rules text; throws RuleParseError at the first mistake. */
export function parseRules(text: string): FingerprintRule[] {
  const rules: FingerprintRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const rule = parseLine(raw, i + 1);
    if (rule) rules.push(rule);
  });
  return rules;
}

/** A cursor over one line. */
class Line {
  pos = 0;
  constructor(
    readonly s: string,
    readonly no: number,
  ) {}
  skipSpace(): void {
    while (this.pos < this.s.length && /[ \t]/.test(this.s[this.pos]!)) this.pos++;
  }
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.s.length || this.s[this.pos] === '#';
  }
  fail(reason: string, at = this.pos): never {
    throw new RuleParseError(this.no, at + 1, reason);
  }
  /** A quoted string (with \" and \\ escapes) or a bare token ending at whitespace, a comma or `stop`. */
  value(stop: RegExp): string {
    if (this.s[this.pos] === '"') {
      const start = this.pos++;
      let out = '';
      while (this.pos < this.s.length && this.s[this.pos] !== '"') {
        if (this.s[this.pos] === '\\' && this.pos + 1 < this.s.length) this.pos++;
        out += this.s[this.pos++];
      }
      if (this.pos >= this.s.length) this.fail('unterminated quoted string', start);
      this.pos++;
      return out;
    }
    const start = this.pos;
    while (this.pos < this.s.length && !/[\s,#]/.test(this.s[this.pos]!) && !stop.test(this.s.slice(this.pos))) this.pos++;
    return this.s.slice(start, this.pos);
  }
}

function parseLine(raw: string, no: number): FingerprintRule | undefined {
  const l = new Line(raw, no);
  if (l.atEnd()) return undefined;
  const matchers: RuleMatcher[] = [];
  while (!l.atEnd() && !l.s.startsWith('->', l.pos)) matchers.push(parseMatcher(l));
  if (matchers.length === 0) l.fail('expected a matcher such as error.type:TypeError');
  if (!l.s.startsWith('->', l.pos)) l.fail('expected "->" followed by a fingerprint');
  l.pos += 2;
  const fingerprint: string[] = [];
  let title: string | undefined;
  while (!l.atEnd()) {
    if (l.s[l.pos] === ',') {
      l.pos++;
      continue;
    }
    const attr = /^([a-z_]+)=/.exec(l.s.slice(l.pos));
    if (attr) {
      if (attr[1] !== 'title') l.fail(`unknown attribute "${attr[1]}" (only title= is supported)`);
      l.pos += attr[0].length;
      title = l.value(/^$/);
      continue;
    }
    if (title !== undefined) l.fail('fingerprint values must come before attributes');
    const v = l.s[l.pos] === '"' ? l.value(/^$/) : fingerprintToken(l);
    if (v === '') l.fail('expected a fingerprint value');
    fingerprint.push(v);
  }
  if (fingerprint.length === 0) l.fail('expected a fingerprint after "->"');
  const hash = raw.indexOf(' #');
  return { line: no, text: (hash >= 0 && !raw.slice(0, hash).includes('"') ? raw.slice(0, hash) : raw).trim(), matchers, fingerprint, ...(title !== undefined ? { title } : {}) };
}

/** A bare fingerprint value; `{{ variable }}` parts may contain spaces (`acme-{{ type }}`). */
function fingerprintToken(l: Line): string {
  const start = l.pos;
  while (l.pos < l.s.length && !/[\s,#]/.test(l.s[l.pos]!)) {
    if (l.s.startsWith('{{', l.pos)) {
      const end = l.s.indexOf('}}', l.pos);
      if (end < 0) l.fail('unterminated variable, expected "}}"');
      l.pos = end + 2;
    } else {
      l.pos++;
    }
  }
  return l.s.slice(start, l.pos);
}

function parseMatcher(l: Line): RuleMatcher {
  const start = l.pos;
  const negated = l.s[l.pos] === '!';
  if (negated) l.pos++;
  const key = /^[a-z_][a-z0-9_.-]*/i.exec(l.s.slice(l.pos))?.[0];
  if (!key) l.fail('expected a matcher such as error.type:TypeError');
  if (!(MATCHER_KEYS as readonly string[]).includes(key) && !/^tags\.[^\s:]+$/.test(key)) {
    l.fail(`unknown matcher "${key}" (known: ${MATCHER_KEYS.join(', ')}, tags.<name>)`, negated ? start + 1 : start);
  }
  l.pos += key.length;
  if (l.s[l.pos] !== ':') l.fail(`expected ":" after "${key}"`);
  l.pos++;
  const pattern = l.value(/^->/);
  if (pattern === '') l.fail(`expected a value after "${key}:"`);
  return { key, pattern, negated };
}
