// Mapping one minified frame through a loaded map: position lookup (1-based event positions,
// 0-based map columns), original location, and context lines from `sourcesContent`.
import { traceSegment } from '@jridgewell/trace-mapping';
import type { StackFrame } from '@faultline/contracts';
import { contextLines, type ContextLines } from './context-lines.js';
import { isInApp } from './in-app.js';
import type { LoadedMap } from './loaded-map.js';
import { sourceLocation, type SourceLocation } from './source-location.js';

/** The original position a minified position maps to. */
export interface Token {
  sourceIndex: number;
  /** 1-based line in the original source. */
  line: number;
  /** 0-based column in the original source. */
  column: number;
  /** The map's `names` entry at this position (the identifier written there), if any. */
  name?: string;
}

/** Looks up 1-based `lineno` / `colno` of a minified frame; undefined when the map does not cover it. */
export function lookupToken(map: LoadedMap, lineno: number, colno: number): Token | undefined {
  // A missing column (Firefox eval frames) is looked up at the start of the line.
  const segment = traceSegment(map.trace, lineno - 1, Math.max(colno - 1, 0));
  if (!segment || segment.length === 1) return undefined;
  const token: Token = { sourceIndex: segment[1], line: segment[2] + 1, column: segment[3] };
  if (segment.length === 5) token.name = map.names[segment[4]];
  return token;
}

/** The original location and context lines of one mapped position, shared by every frame at it. */
export interface Resolved {
  location: SourceLocation;
  context: ContextLines | undefined;
  /** JSON-form frames built at this position (symbolicate-event-json.ts), by the name they were given. */
  named?: Map<string, unknown>;
  /** JSON-form frames built at this position without a name, by the raw frame's function. */
  unnamed?: Map<string, unknown>;
}

/** Most resolved positions remembered per map; the memo starts over past it. */
const MEMO_LIMIT = 20_000;
// The same few hundred call sites recur in every event of a release, so their location and
// context lines are computed once per map (the arrays are shared and never modified).
const memos = new WeakMap<LoadedMap, Map<string, Map<number, Resolved>>>();

function compute(map: LoadedMap, token: Token, baseUrl: string, colno: number): Resolved {
  const lines = map.lines(token.sourceIndex);
  return { location: sourceLocation(map.sources[token.sourceIndex] ?? '', baseUrl), context: lines ? contextLines(lines, token.line, colno) : undefined };
}

/** The memoized location and context of `token` in `map` (`colno` = token.column + 1). */
export function resolved(map: LoadedMap, token: Token, baseUrl: string, colno: number): Resolved {
  // A numeric key (source index, line, column packed below 2^53) avoids building a string per frame.
  if (token.sourceIndex >= 2 ** 16 || token.line >= 2 ** 20 || colno >= 2 ** 17) return compute(map, token, baseUrl, colno);
  let byBase = memos.get(map);
  if (!byBase) {
    byBase = new Map();
    memos.set(map, byBase);
  }
  let memo = byBase.get(baseUrl);
  if (!memo) {
    memo = new Map();
    byBase.set(baseUrl, memo);
  }
  const key = (token.sourceIndex * 2 ** 20 + token.line) * 2 ** 17 + colno;
  let hit = memo.get(key);
  if (!hit) {
    hit = compute(map, token, baseUrl, colno);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, hit);
  }
  return hit;
}

/** The de-minified copy of `raw` for `token`, named `functionName`. */
export function originalFrame(raw: StackFrame, map: LoadedMap, token: Token, baseUrl: string, functionName: string | undefined, inAppExclude: readonly RegExp[]): StackFrame {
  const colno = token.column + 1;
  const { location, context } = resolved(map, token, baseUrl, colno);
  return {
    ...raw,
    absPath: location.absPath,
    filename: location.filename,
    module: location.module ?? raw.module,
    function: functionName ?? raw.function,
    lineno: token.line,
    colno,
    inApp: isInApp(location.absPath, location.filename, inAppExclude),
    preContext: context?.preContext ?? [],
    contextLine: context?.contextLine ?? '',
    postContext: context?.postContext ?? [],
  };
}
