// The functions of an original source (from a map's `sourcesContent`) and their names, so that a
// de-minified frame nobody calls by name (the outermost frame, a handler called through a table, a
// callback) is named after the function that encloses it in the original code: `onSearch`, not the
// minifier's `ic`. This is Sentry's "scope names" idea, done on the original source instead of the
// minified one, so it also works when only the map was uploaded. It is a tokenizer, not a parser:
// strings, comments, template literals, regular expressions and JSX text are skipped so that
// braces nest right; the name comes from the tokens before a function's body:
//   function name(…) {          name = function (…) {      name = (…) => {     name = x => expr
//   name(…) { (method)          name: function (…) {       name: async (…) => {
//   class C { m(…) { → C.m      TypeScript: generics, `(…): Type {`, `(…): Type => …`
// Anonymous functions (callbacks) have no name: the frame keeps whatever name it had.

/** Functions of one source: nested ranges (start ≤ end, packed line/column positions) and names. */
export interface FunctionScopes {
  readonly starts: number[];
  readonly ends: number[];
  /** undefined for anonymous functions. */
  readonly names: (string | undefined)[];
  /** Index of the enclosing function, -1 at top level. */
  readonly parents: number[];
}

/** Packs a 1-based line and 0-based column into one comparable number. */
const pack = (line: number, column: number) => line * 2 ** 24 + Math.min(column, 2 ** 24 - 1);

/** The name of the innermost function around `line` (1-based) / `column` (0-based); undefined when it is anonymous or there is none. */
export function enclosingFunctionName(scopes: FunctionScopes, line: number, column: number): string | undefined {
  const at = pack(line, column);
  // The last function starting at or before the position, then outwards until one contains it.
  let lo = 0;
  let hi = scopes.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scopes.starts[mid]! <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = found; i >= 0; i = scopes.parents[i]!) if (scopes.ends[i]! >= at) return scopes.names[i];
  return undefined;
}

const enum Kind {
  Id,
  Punct,
  /** A quoted string; its text is the contents when short (a property name), else the quote. */
  Str,
  Other,
}

/** Keywords before `(…) {` that open a block, not a method. */
const CONTROL = new Set(['if', 'for', 'while', 'switch']);
/** Keywords that end the look back over a return type (`class C implements I<T> {` has no parameters). */
const NOT_IN_TYPES = new Set(['class', 'implements', 'extends', 'function', 'return', 'const', 'let', 'var', 'new', 'export', 'import', 'throw', 'else', 'do', 'try', 'finally', 'case']);
/** Keywords after which `/` starts a regular expression. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
/** Keywords that start a statement: on a new line, they end an arrow function's expression body. */
const STATEMENT = new Set(['const', 'let', 'var', 'function', 'class', 'export', 'import', 'return', 'if', 'for', 'while', 'switch', 'throw', 'try']);
const ID_START = /[A-Za-z_$\u0080-\uffff]/;
const ID_PART = /[\w$\u0080-\uffff]/;

/** Tokens kept for looking back: the last RING of them, so a scan takes the same memory whatever the source's size. */
const RING = 4096;

class Tokens {
  /** Tokens seen so far; token `k` is in the ring while `k > count - RING`. */
  count = 0;
  /** The token index of the last `}` that closed a `try` block. */
  tryClose = -1;
  private readonly kinds = new Int8Array(RING);
  private readonly texts: string[] = new Array<string>(RING).fill('');
  /** For a `)` / `]`, the index of its opening bracket (-1: none). */
  private readonly opens = new Int32Array(RING);

  push(kind: Kind, text: string): void {
    const at = this.count & (RING - 1);
    this.kinds[at] = kind;
    this.texts[at] = text;
    this.opens[at] = -1;
    this.count++;
  }

  private has(k: number): boolean {
    return k >= 0 && k < this.count && k > this.count - RING;
  }

  /** The kind of token `k`, or -1 when it is out of reach (before the start or out of the ring). */
  kind(k: number): Kind | -1 {
    return this.has(k) ? (this.kinds[k & (RING - 1)]! as Kind) : -1;
  }

  text(k: number): string | undefined {
    return this.has(k) ? this.texts[k & (RING - 1)] : undefined;
  }

  /** The opening bracket of the closing bracket at `k`, -1 when unknown or out of reach. */
  open(k: number): number {
    if (!this.has(k)) return -1;
    const open = this.opens[k & (RING - 1)]!;
    return this.has(open) ? open : -1;
  }

  setOpen(k: number, open: number): void {
    if (this.has(k)) this.opens[k & (RING - 1)] = open;
  }
}

/** An open bracket, or a function scope whose range is still open. */
interface Open {
  /** `{`, `(`, `[`, `${` (template), `=>` (an arrow's expression body), or JSX: `<tag` (in a tag), `<text` (in children), `<script` (code in a script element). */
  readonly bracket: string;
  /** The token index of the bracket. */
  readonly token: number;
  /** Index into the scope lists when this bracket opens a function body (or is an arrow body). */
  scope?: number;
  /** Name of the class whose body this brace opens. */
  className?: string;
  /** The brace opens a `try` block (so a `catch` after it is a clause, not a method). */
  tryBlock?: boolean;
  /** `<tag`: the element's name. */
  tag?: string;
}

/** Whether a source is read with JSX: all but TypeScript files, where `<T>(x) => …` is a generic arrow. */
export function readsJsx(path: string): boolean {
  return !/\.[cm]?ts(?:[?#].*)?$/i.test(path);
}

/**
 * Finds the functions of `source` (JavaScript or TypeScript; JSX unless `jsx` is false, as it must
 * be for `.ts` files, where `<T>(x) => …` is a generic arrow). Never throws; unbalanced input gives
 * fewer or wider scopes.
 */
export function functionScopes(source: string, jsx = true): FunctionScopes {
  const out: FunctionScopes = { starts: [], ends: [], names: [], parents: [] };
  const tk = new Tokens();
  const stack: Open[] = [];
  const scopeStack: number[] = [];
  let line = 1;
  let lineStart = 0;
  let firstOnLine = true;
  const n = source.length;
  let i = 0;

  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
    firstOnLine = true;
  };
  const push = (kind: Kind, text: string) => {
    tk.push(kind, text);
    firstOnLine = false;
  };
  const openScope = (name: string | undefined, start: number) => {
    out.starts.push(start);
    out.ends.push(Number.MAX_SAFE_INTEGER);
    out.names.push(name);
    out.parents.push(scopeStack.length > 0 ? scopeStack.at(-1)! : -1);
    scopeStack.push(out.starts.length - 1);
    return out.starts.length - 1;
  };
  const close = (open: Open, end: number) => {
    if (open.scope === undefined) return;
    out.ends[open.scope] = end;
    scopeStack.pop();
  };
  /** Ends arrow expression bodies on top of the stack (at `,`, `;`, a closing bracket or a new statement). */
  const endArrows = (end: number) => {
    while (stack.length > 0 && stack.at(-1)!.bracket === '=>') close(stack.pop()!, end);
  };
  let unterminated = false;
  /** Skips a string or the rest of a template literal; returns the index after it (`unterminated` when a line or the source ended first). */
  const skipQuoted = (quote: string, from: number): number => {
    unterminated = false;
    let j = from;
    while (j < n) {
      const c = source[j]!;
      if (c === '\\') {
        if (source[j + 1] === '\n') newline(j + 1);
        j += 2;
        continue;
      }
      if (c === quote) return j + 1;
      if (quote === '`') {
        if (c === '\n') newline(j);
        else if (c === '$' && source[j + 1] === '{') {
          stack.push({ bracket: '${', token: tk.count });
          return j + 2;
        }
      } else if (c === '\n' || c === '\r') {
        unterminated = true;
        return j;
      }
      j++;
    }
    unterminated = true;
    return j;
  };

  /** Skips a JSX attribute string (it may span lines); returns the index after it. */
  const skipAttributeString = (quote: string, from: number): number => {
    let j = from;
    while (j < n && source[j] !== quote) {
      if (source[j] === '\n') newline(j);
      j++;
    }
    return j + 1;
  };
  /** Reads JSX from `i` while the stack's top is an element: its tag (`<tag`) or its children (`<text`). */
  const jsxStep = (top: Open): void => {
    const c = source[i]!;
    if (c === '\n') {
      newline(i);
      i++;
    } else if (c === '{') {
      // An expression container: code until its `}`, then JSX again.
      stack.push({ bracket: '{', token: tk.count });
      push(Kind.Punct, '{');
      i++;
    } else if (top.bracket === '<tag') {
      if (c === '/' && source[i + 1] === '>') {
        endElement(i + 2);
      } else if (c === '>') {
        stack.pop();
        // A <script> element's children are code (Svelte and Vue single-file components).
        stack.push({ bracket: top.tag === 'script' ? '<script' : '<text', token: top.token });
        i++;
      } else if (c === '"' || c === "'") {
        i = skipAttributeString(c, i + 1);
      } else i++;
    } else if (c === '<' && source[i + 1] === '/') {
      // A closing tag ends the element whose children these are.
      const close = source.indexOf('>', i);
      const to = close < 0 ? n : close + 1;
      for (let j = i; j < to; j++) if (source[j] === '\n') newline(j);
      endElement(to);
    } else if (c === '<') {
      openElement();
    } else i++;
  };
  /** At `<` in code or in children: an element's tag, or `<>` (a fragment's children). */
  const openElement = (): void => {
    if (source[i + 1] === '>') {
      stack.push({ bracket: '<text', token: tk.count });
      i += 2;
    } else {
      const name = /^[\w.:-]*/.exec(source.slice(i + 1, i + 65))![0];
      stack.push({ bracket: '<tag', token: tk.count, tag: name.toLowerCase() });
      i += 1 + name.length;
    }
  };
  const endElement = (to: number): void => {
    stack.pop();
    i = to;
    // Back in code, the element is a value (a `/` after it divides).
    if (stack.at(-1)?.bracket !== '<text') push(Kind.Other, '<>');
  };

  while (i < n) {
    const top = stack.at(-1);
    if (top !== undefined && (top.bracket === '<tag' || top.bracket === '<text')) {
      jsxStep(top);
      continue;
    }
    const c = source[i]!;
    if (c === '<' && source.startsWith('</script', i)) {
      const at = lastIndexOfBracket(stack, '<script');
      if (at >= 0) {
        while (stack.length > at + 1) close(stack.pop()!, pack(line, i - lineStart));
        const end = source.indexOf('>', i);
        endElement(end < 0 ? n : end + 1);
        continue;
      }
    }
    if (c === '<' && jsx && regexAllowed(tk) && /[A-Za-z_$>]/.test(source[i + 1] ?? '')) {
      openElement();
      continue;
    }
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === '\r') {
      if (source[i + 1] === '\n') i++;
      newline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      i++;
      continue;
    }
    const column = i - lineStart;
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (source[j] === '\n' || (source[j] === '\r' && source[j + 1] !== '\n')) newline(j);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i + 1;
      const lineBefore = line;
      const end = skipQuoted(c, start);
      if (unterminated && c !== '`' && line === lineBefore) {
        // Not a string: a quote in JSX text (`<p>Don't {x}</p>`) or a comment-like line. What
        // follows it is read as code, so its braces still nest.
        push(Kind.Punct, c);
        i = start;
        continue;
      }
      i = end;
      push(Kind.Str, c !== '`' && !unterminated && end - start <= 65 ? source.slice(start, end - 1) : c);
      continue;
    }
    if (ID_START.test(c) || (c === '#' && ID_START.test(source[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && ID_PART.test(source[j]!)) j++;
      const word = source.slice(i, j);
      if (firstOnLine && STATEMENT.has(word)) endArrows(pack(line, column));
      push(Kind.Id, word);
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[\w.]/.test(source[j]!)) j++;
      push(Kind.Other, '0');
      i = j;
      continue;
    }
    if (c === '/' && regexAllowed(tk)) {
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n' && source[j] !== '\r') {
        const d = source[j]!;
        if (d === '\\' && source[j + 1] !== '\n' && source[j + 1] !== '\r') j++;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j++;
      }
      if (source[j] === '/') {
        // Past the closing slash and the flags.
        j++;
        while (j < n && ID_PART.test(source[j]!)) j++;
        push(Kind.Other, '/');
        i = j;
        continue;
      }
      // Unterminated on its line: a division (or `</tag>` in JSX) taken for a regular expression.
      push(Kind.Punct, '/');
      i++;
      continue;
    }
    // Punctuation.
    if (c === '=' && source[i + 1] === '>') {
      push(Kind.Punct, '=>');
      i += 2;
      // An arrow with an expression body: its scope runs until the expression ends.
      let j = i;
      while (j < n && /\s/.test(source[j]!)) j++;
      if (source[j] !== '{') {
        const open: Open = { bracket: '=>', token: tk.count - 1 };
        open.scope = openScope(arrowName(tk, tk.count - 1), pack(line, column));
        stack.push(open);
      }
      continue;
    }
    if (c === '=' || c === '!') {
      // `==`, `===`, `!=`, `!==` are one token, so `=` alone is an assignment.
      let j = i + 1;
      while (source[j] === '=') j++;
      push(Kind.Punct, source.slice(i, j));
      i = j;
      continue;
    }
    if (c === ',' || c === ';') {
      endArrows(pack(line, column));
      push(Kind.Punct, c);
      i++;
      continue;
    }
    if (c === '(' || c === '[') {
      stack.push({ bracket: c, token: tk.count });
      push(Kind.Punct, c);
      i++;
      continue;
    }
    if (c === ')' || c === ']') {
      endArrows(pack(line, column));
      const want = c === ')' ? '(' : '[';
      const at = lastIndexOfBracket(stack, want);
      let openToken = -1;
      if (at >= 0) {
        while (stack.length > at + 1) close(stack.pop()!, pack(line, column));
        openToken = stack.pop()!.token;
      }
      push(Kind.Punct, c);
      tk.setOpen(tk.count - 1, openToken);
      i++;
      continue;
    }
    if (c === '{') {
      const open: Open = { bracket: '{', token: tk.count };
      if (tk.text(tk.count - 1) === 'try') open.tryBlock = true;
      // A class first: `class A extends mixin(B) {` ends like a method's head.
      const className = classHead(tk, tk.count);
      const head = className === undefined ? functionHead(tk, tk.count, stack.at(-1)?.className !== undefined) : undefined;
      if (className !== undefined) open.className = className;
      else if (head !== undefined) {
        const owner = stack.at(-1)?.className;
        open.scope = openScope(head.name !== undefined && head.method && owner ? `${owner}.${head.name}` : head.name, pack(line, column));
      }
      stack.push(open);
      push(Kind.Punct, '{');
      i++;
      continue;
    }
    if (c === '}') {
      endArrows(pack(line, column));
      const at = lastIndexOfBracket(stack, '{', '${');
      let closesTry = false;
      if (at >= 0) {
        while (stack.length > at + 1) close(stack.pop()!, pack(line, column));
        const open = stack.pop()!;
        close(open, pack(line, column));
        closesTry = open.tryBlock === true;
        if (open.bracket === '${') {
          // Back inside the template literal.
          i = skipQuoted('`', i + 1);
          push(Kind.Other, '`');
          continue;
        }
      }
      if (closesTry) tk.tryClose = tk.count;
      push(Kind.Punct, '}');
      i++;
      continue;
    }
    push(Kind.Punct, c);
    i++;
  }
  endArrows(pack(line, Number.MAX_SAFE_INTEGER));
  return out;
}

/** How far down the bracket stack a closing bracket looks for its opener: unbalanced input stays linear. */
const MATCH_DEPTH = 256;

function lastIndexOfBracket(stack: Open[], a: string, b?: string): number {
  for (let k = stack.length - 1; k >= 0 && stack.length - k <= MATCH_DEPTH; k--) if (stack[k]!.bracket === a || stack[k]!.bracket === b) return k;
  return -1;
}

function regexAllowed(tk: Tokens): boolean {
  const k = tk.count - 1;
  if (k < 0) return true;
  if (tk.kind(k) === Kind.Id) return BEFORE_REGEX.has(tk.text(k)!);
  if (tk.kind(k) === Kind.Other || tk.kind(k) === Kind.Str) return false;
  const t = tk.text(k);
  return t !== ')' && t !== ']' && t !== '}';
}

/** Skips TypeScript generics ending at token `k` (`<…>`), returning the token before them. */
function skipGenerics(tk: Tokens, k: number): number {
  if (tk.text(k) !== '>') return k;
  let depth = 0;
  for (let j = k; j >= 0 && k - j < 64; j--) {
    if (tk.text(j) === '>') depth++;
    else if (tk.text(j) === '<' && --depth === 0) return j - 1;
  }
  return k;
}

/**
 * The `)` closing the parameters of a function whose body or arrow starts at token `at`: the token
 * before it, or the one before a TypeScript return type (`(…): Promise<T[]> {`).
 */
function paramsClose(tk: Tokens, at: number): number {
  const before = at - 1;
  if (tk.text(before) === ')' && tk.open(before) >= 0) return before;
  // Back over the type, which is balanced: an unmatched `(`, or a `,` outside parentheses and
  // generics, means the brace is an argument (`f(a, {`), not a body.
  let parens = 0;
  let angles = 0;
  for (let j = before; j > 0 && before - j < 40; j--) {
    let t = tk.text(j);
    if (t === '}') {
      // An object type (`): { args: T[]; keys: string[] } {`): back to its `{`.
      for (let depth = 0; j > 0 && before - j < 80; j--) {
        const u = tk.text(j);
        if (u === '}') depth++;
        else if (u === '{' && --depth === 0) break;
      }
      t = tk.text(--j);
    }
    if (t === undefined || t === ';' || t === '{' || t === '}' || t === '=' || (tk.kind(j) === Kind.Id && NOT_IN_TYPES.has(t))) return -1;
    if (t === ':' && parens === 0 && angles === 0 && tk.text(j - 1) === ')' && tk.open(j - 1) >= 0 && j < before) return j - 1;
    if (tk.kind(j) !== Kind.Punct) continue;
    if (t === ')' || t === ']') parens++;
    else if (t === '(' || t === '[') {
      if (--parens < 0) return -1;
    } else if (t === '>') angles++;
    else if (t === '<') angles--;
    else if (t === ',') {
      if (parens === 0 && angles === 0) return -1;
    } else if (!/^(?:[.|&?:-]|=>)$/.test(t)) return -1;
  }
  return -1;
}

/**
 * The name something is assigned to or keyed by, when token `k` is `=` or `:` after it (`name = …`,
 * `name: Type = …`, `window.app.start = …` in full, as V8 names such functions, and `{ name: …`
 * or `, name: …` in an object literal; the `:` of a conditional expression names nothing).
 */
function assignedName(tk: Tokens, k: number): string | undefined {
  const t = tk.text(k);
  if (t === ':') {
    const before = tk.text(k - 2);
    const key = tk.kind(k - 1);
    return (key === Kind.Id || key === Kind.Str) && (before === '{' || before === ',') ? tk.text(k - 1) : undefined;
  }
  if (t !== '=') return undefined;
  const j = typeAnnotated(tk, k) ?? k - 1;
  if (tk.kind(j) !== Kind.Id) return undefined;
  let name = tk.text(j)!;
  for (let m = j; tk.text(m - 1) === '.' && tk.kind(m - 2) === Kind.Id; m -= 2) name = `${tk.text(m - 2)!}.${name}`;
  return name;
}

/**
 * The name's token when the `=` at `k` follows a TypeScript type annotation (`name: Type =`,
 * `static create: (...args: any[]) => Observable<T> =`): back over a balanced type to its `:`.
 */
function typeAnnotated(tk: Tokens, k: number): number | undefined {
  let depth = 0;
  for (let j = k - 1; j > 0 && k - j < 40; j--) {
    const t = tk.text(j);
    if (t === undefined || t === ';' || t === '=' || (depth === 0 && (t === '{' || t === '}' || t === ','))) return undefined;
    if (t === ')' || t === ']' || t === '>' || t === '}') depth++;
    else if (t === '(' || t === '[' || t === '<' || t === '{') depth--;
    else if (t === ':' && depth === 0 && j < k - 1) {
      const name = tk.text(j - 1) === '?' || tk.text(j - 1) === '!' ? j - 2 : j - 1;
      return tk.kind(name) === Kind.Id && tk.text(name - 1) !== 'case' && tk.text(name - 1) !== '?' ? name : undefined;
    }
    if (depth < 0) return undefined;
  }
  return undefined;
}

/** The name of an arrow function whose `=>` is token `arrow`, from what it is assigned to. */
function arrowName(tk: Tokens, arrow: number): string | undefined {
  let q: number;
  if (tk.text(arrow - 1) === ')' && tk.open(arrow - 1) >= 0) q = tk.open(arrow - 1) - 1;
  else {
    // `(…): T =>` (a TypeScript return type), else one bare parameter (`x =>`, `key: x =>`).
    const close = paramsClose(tk, arrow);
    if (close >= 0) q = tk.open(close) - 1;
    else if (tk.kind(arrow - 1) === Kind.Id) q = arrow - 2;
    else return undefined;
  }
  q = skipGenerics(tk, q);
  if (tk.text(q) === 'async') q--;
  return assignedName(tk, q);
}

/** Whether the `{` at token `at` opens a function body, and the function's name. */
function functionHead(tk: Tokens, at: number, inClassBody: boolean): { name: string | undefined; method: boolean } | undefined {
  if (tk.text(at - 1) === '=>') return { name: arrowName(tk, at - 1), method: false };
  const close = paramsClose(tk, at);
  if (close < 0) return undefined;
  let q = skipGenerics(tk, tk.open(close) - 1);
  if (q < 0) return undefined;
  if (tk.text(q) === '*') q--; // generator
  const t = tk.text(q);
  if (t === 'function') return { name: assignedName(tk, tk.text(q - 1) === 'async' ? q - 2 : q - 1), method: false };
  if (tk.kind(q) === Kind.Id) {
    if (tk.text(q - 1) === 'function' || (tk.text(q - 1) === '*' && tk.text(q - 2) === 'function')) return { name: t, method: false };
    // Statements cannot stand directly in a class body, so there `for(…) {` is a method.
    if (!inClassBody && (CONTROL.has(t!) || (t === 'catch' && tk.tryClose === q - 1))) return undefined;
    if (tk.text(q - 1) === '.') return undefined; // a call, `a.b(c) {` is not a definition
    return { name: t, method: true };
  }
  if (t === ']') return { name: undefined, method: true }; // computed method name
  return undefined;
}

/** The class name when the `{` at token `at` opens a class body (`class C extends B {`, `const C = class {`). */
function classHead(tk: Tokens, at: number): string | undefined {
  for (let j = at - 1; j >= 0 && at - j < 40; j--) {
    const t = tk.text(j);
    if (t === 'class' && tk.kind(j) === Kind.Id) {
      const next = tk.text(j + 1);
      if (tk.kind(j + 1) === Kind.Id && next !== 'extends' && next !== 'implements' && j + 1 < at) return next;
      return assignedName(tk, j - 1) ?? '';
    }
    if (t === ';' || t === '{' || t === '}' || t === '=' || t === '=>') return undefined;
  }
  return undefined;
}
