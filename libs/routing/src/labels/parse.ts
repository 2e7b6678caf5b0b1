// The matcher grammar of Alertmanager 0.25 (`pkg/labels/parse.go`), reproduced step by step: the
// input is split on commas outside double quotes, each piece must look like `name op value`, the value
// may be quoted, and `\"`, `\\` and `\n` are unescaped while any other backslash stays literal.
import { type MatchType, Matcher } from './matcher.js';

/** A matcher string Alertmanager would reject. */
export class MatcherParseError extends Error {
  override name = 'MatcherParseError';
}

// Same expression as parse.go; `[\s\S]*?` stands for Go's `(?s).*?`.
const MATCHER_RE = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

/** Parses one matcher such as `foo="bar"`, `foo!=bar` or `foo=~"a|b"`. */
export function parseMatcher(s: string): Matcher {
  const ms = MATCHER_RE.exec(s);
  if (!ms) throw new MatcherParseError(`bad matcher format: ${s}`);
  let raw = ms[3]!;
  let expectTrailingQuote = false;
  if (raw.startsWith('"')) {
    raw = raw.slice(1);
    expectTrailingQuote = true;
  }
  let value = '';
  let escaped = false;
  const chars = [...raw];
  for (let i = 0; i < chars.length; i++) {
    const r = chars[i]!;
    if (escaped) {
      escaped = false;
      if (r === 'n') value += '\n';
      else if (r === '"' || r === '\\') value += r;
      else value += '\\' + r; // a spurious escape keeps its backslash
      continue;
    }
    if (r === '\\') {
      if (i < chars.length - 1) { escaped = true; continue; }
      value += '\\';
    } else if (r === '"') {
      if (!expectTrailingQuote || i < chars.length - 1) {
        throw new MatcherParseError(`matcher value contains unescaped double quote: ${ms[3]}`);
      }
      expectTrailingQuote = false;
    } else {
      value += r;
    }
  }
  if (expectTrailingQuote) throw new MatcherParseError(`matcher value contains unescaped double quote: ${ms[3]}`);
  return new Matcher(ms[2] as MatchType, ms[1]!, value);
}

/** Parses a matcher list such as `{a="b", c=~"d|e"}` or `a=b,c!=d` (braces optional). */
export function parseMatchers(input: string): Matcher[] {
  let s = input.startsWith('{') ? input.slice(1) : input;
  if (s.endsWith('}')) s = s.slice(0, -1);
  const tokens: string[] = [];
  let token = '';
  let insideQuotes = false;
  let escaped = false;
  for (const r of s) {
    if (r === ',' && !insideQuotes) {
      tokens.push(token);
      token = '';
      continue;
    }
    if (r === '"') {
      if (!escaped) insideQuotes = !insideQuotes;
      else escaped = false;
    } else if (r === '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    token += r;
  }
  if (token.trim() !== '') tokens.push(token.trim());
  return tokens.map(parseMatcher);
}
