// Parses a JavaScript `Error.stack` string into Sentry frames, for /api/v1/report clients that send
// the raw string. It reproduces what @sentry/browser's stack parsers produce from the same string
// (so one error reported both ways groups together), re-expressed here: V8 (Chrome, Edge, Node)
// frames start with "at", SpiderMonkey and JavaScriptCore frames are `function@location`.
// Where Sentry's parser leaves junk (a Firefox `> Function` frame's filename), this one cleans it.

/** One frame as the SDK would have sent it. */
export interface ParsedFrame {
  filename?: string;
  abs_path?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
}

/** The SDK's placeholder for an unknown function name. */
const UNKNOWN = '?';
/** Longer lines are cut, as the SDK does, so a minified one-line "stack" cannot cost a regex pass over megabytes. */
const MAX_LINE = 1024;

/** Parses a stack string; frames come outermost first, the crashing frame last (Sentry order). Unparseable lines are skipped. */
export function parseStack(stack: string): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  for (let line of stack.split('\n')) {
    if (line.length > MAX_LINE) line = line.slice(0, MAX_LINE);
    const frame = /^\s*at /.test(line) ? parseV8(line.replace(/^\s*at /, '')) : parseGecko(line);
    if (frame) frames.push(frame);
  }
  frames.reverse();
  // Like the SDK, a frame whose file is unknown (eval from an anonymous script) borrows the crashing frame's file.
  const lastFile = frames.at(-1)?.filename;
  for (const f of frames) {
    if (f.filename === '' && lastFile) {
      f.filename = lastFile;
      if (/^[a-z][-a-z0-9+.]*:\/\//i.test(lastFile)) f.abs_path = lastFile;
    }
  }
  return frames;
}

/** `at fn (location)`, `at location`, `at async fn (location)`, `at fn (eval at outer (location), <anonymous>:l:c)`. */
function parseV8(rest: string): ParsedFrame | undefined {
  rest = rest.trim();
  const data = /^(.+?) ?\(data:([^,]+),/.exec(rest);
  if (data) return { filename: `<data:${data[2]}>`, function: data[1] };
  let fn: string | undefined;
  let location = rest;
  if (rest.endsWith(')')) {
    const open = openingParen(rest);
    if (open > 0) {
      fn = rest.slice(0, open).trim();
      location = rest.slice(open + 1, -1);
    } else if (open === 0) {
      location = rest.slice(1, -1);
    }
  }
  location = location.replace(/^address at /, '').replace(/^async /, '');
  if (location.startsWith('eval at ')) {
    // The frame ran in eval'd code: Sentry points it at the script that called eval.
    const origin = /\((\S*):(\d+):(\d+)\)/.exec(location);
    if (origin) return frame(origin[1]!, fn, Number(origin[2]), Number(origin[3]));
  }
  const pos = splitPosition(location);
  if (!pos.file) return undefined;
  return frame(pos.file, fn, pos.line, pos.col);
}

/** Index of the "(" matching the final ")", so function names with brackets (`Foo.bar [as baz]`) stay whole. */
function openingParen(s: string): number {
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return i;
  }
  return -1;
}

/** `fn@location`, `@location`, `global code@location`, `fn@[native code]`, `fn@url line 3 > eval:1:2`, old `fn(args)@location`. */
function parseGecko(line: string): ParsedFrame | undefined {
  const trimmed = line.trim();
  const at = trimmed.indexOf('@');
  let fn: string | undefined;
  let location: string;
  if (at >= 0) {
    fn = trimmed.slice(0, at).replace(/\(.*\)$/, '');
    location = trimmed.slice(at + 1);
  } else {
    // Safari prints frames of extensions and some globals without "@".
    location = trimmed;
  }
  if (location === '[native code]') return frame(location, fn, undefined, undefined, false);
  if (!/^(?:[-a-z]+:\/|\/|[^@]*(?:bundle|\d+\.js))/i.test(location)) return undefined;
  const evalFrame = /^(\S+) line (\d+)(?: > (?:eval|Function) line \d+)* > (?:eval|Function)/.exec(location);
  if (evalFrame) return frame(evalFrame[1]!, fn || 'eval', Number(evalFrame[2]), undefined);
  const pos = splitPosition(location);
  return frame(pos.file, fn, pos.line, pos.col);
}

/** Splits `url:line:col` (either number optional) into its parts. */
function splitPosition(location: string): { file: string; line?: number; col?: number } {
  const m = /^(.*?)(?::(\d+))?(?::(\d+))?$/.exec(location)!;
  return { file: m[1]!, line: m[2] ? Number(m[2]) : undefined, col: m[3] ? Number(m[3]) : undefined };
}

function frame(filename: string, fn: string | undefined, lineno: number | undefined, colno: number | undefined, inApp = true): ParsedFrame {
  // Browsers cannot tell application code from libraries; the SDK marks every frame in_app and lets
  // server-side rules decide, except frames that are not JavaScript at all.
  const out: ParsedFrame = { filename, function: !fn || fn === '<anonymous>' ? UNKNOWN : fn, in_app: inApp };
  if (/^[a-z][-a-z0-9+.]*:\/\//i.test(filename)) out.abs_path = filename;
  if (lineno !== undefined) out.lineno = lineno;
  if (colno !== undefined) out.colno = colno;
  return out;
}
