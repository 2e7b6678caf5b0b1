// Symbolicating the exception frames of an event in its canonical JSON form (the stream payload),
// for the enrichment consumer: the event stays a JSON object from decode to publish, with no
// protobuf message round trip. Same rules and results as `symbolicateEvent` (the message form,
// kept for tests and tools; services/enrichment/test compares the two paths' payloads). A mapped
// frame is built once per (map position, function name) and shared, together with its JSON text,
// by every event that has a frame there.
import { SourceMapLookup, SourceMapLookupSchema, SymbolicationStatusSchema } from '@faultline/contracts';
import { contextLines, type ContextLines } from './context-lines.js';
import { statusOf, type FrameResult } from './failure-reason.js';
import { frameFunctionNaming, isCallerName } from './function-name.js';
import { enclosingFunctionName, type FunctionScopes } from './function-scopes.js';
import { isInApp } from './in-app.js';
import { locateMap, type LocateContext, type Located } from './locate-map.js';
import { lookupToken, resolved, type Resolved, type Token } from './resolve-frame.js';
import { uploadedSourceLines, uploadedSourceScopes } from './source-file.js';
import { eventLookup, type SymbolicateContext } from './symbolicate-event.js';

/** A `faultline.v1.StackFrame` in canonical JSON (defaults left out, snake_case names). */
export interface StackFrameJson {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  pre_context?: string[];
  context_line?: string;
  post_context?: string[];
  vars?: unknown;
  platform?: string;
}

/** The parts of a canonical-JSON `faultline.v1.SentryEvent` symbolication reads; other members pass through. */
export interface SentryEventJson {
  release?: string;
  dist?: string;
  exception?: { values?: { stacktrace?: { frames?: StackFrameJson[] } }[] };
  debug_meta?: { images?: { type?: string; code_file?: string; debug_id?: string }[] };
  [member: string]: unknown;
}

/** A `faultline.v1.FrameSymbolication` in canonical JSON. */
export interface FrameSymbolicationJson {
  exception_index: number;
  frame_index: number;
  status: string;
  explanation?: string;
  raw_frame?: StackFrameJson;
  debug_id?: string;
  source_map?: string;
  lookup?: string;
  scope_name?: boolean;
}

/** The symbolicated event (a shallow copy; frames are replaced, not edited), the per-frame records and results. */
export interface SymbolicateJsonOutput {
  event: SentryEventJson;
  frames: FrameSymbolicationJson[];
  /** Parallel to `frames`: `applied` or the reason (label of `faultline_sourcemap_frames_total{result}`). */
  results: FrameResult[];
  /** Parallel to `frames`: shared JSON text around `raw_frame` of applied records (see `frameSymbolicationJsonText`). */
  tails: (FrameRecordTail | undefined)[];
}

/** The JSON text of an applied frame record around its raw frame, shared by every frame with the same mapped frame and lookup. */
export interface FrameRecordTail {
  /** `"status":…,"explanation":…,"raw_frame":` */
  readonly prefix: string;
  /** `,"debug_id":…,"source_map":…,"lookup":…,"scope_name":true}` (members present as the record has them) */
  readonly suffix: string;
  readonly explanation: string;
}

const STATUS_NAMES = new Map(SymbolicationStatusSchema.values.map((v) => [v.number, v.name]));
const LOOKUP_NAMES = new Map(SourceMapLookupSchema.values.map((v) => [v.number, v.name]));
const APPLIED = STATUS_NAMES.get(statusOf('applied'))!;

/** UTF-8 JSON of frames shared between events (mapped frames are never modified after they are built). */
const frameBytes = new WeakMap<object, Uint8Array>();
const utf8 = new TextEncoder();

/** The JSON text of a frame (`JSON.stringify`). */
export function stackFrameJsonText(frame: StackFrameJson): string {
  return JSON.stringify(frame);
}

/** The UTF-8 JSON of a shared mapped frame (undefined for frames that are not shared): payloads copy these bytes instead of encoding the frame again. */
export function sharedStackFrameJsonBytes(frame: StackFrameJson): Uint8Array | undefined {
  return frameBytes.get(frame);
}

/** The JSON text of frame record `index` of `out`, as `JSON.stringify(out.frames[index])` gives it. */
export function frameSymbolicationJsonText(out: Pick<SymbolicateJsonOutput, 'frames' | 'tails'>, index: number): string {
  const record = out.frames[index]!;
  const tail = out.tails[index];
  if (tail === undefined) return JSON.stringify(record);
  // Members in field-number order, as JSON.stringify(record) writes them; only the raw frame is new text.
  return `{"exception_index":${record.exception_index},"frame_index":${record.frame_index},${tail.prefix}${JSON.stringify(record.raw_frame)}${tail.suffix}`;
}

/** A map lookup of one event and file, with the parts of its frames' records that only depend on it. */
interface LocatedEntry {
  pending: Promise<Located>;
  done?: Located;
  /** `release file …` / `debug id …`: how the map was found, for explanations. */
  via?: string;
  /** JSON text of the record members after `raw_frame` (debug id, map, lookup), closing brace included. */
  suffix?: string;
  /** `via` and `suffix` together: the key of shared record tails. */
  key?: string;
}

/**
 * Rewrites the exception frames of `event` (canonical JSON) to original sources. Throws only when
 * the `ArtifactSource` itself fails (storage down), so the caller can retry the message.
 */
export async function symbolicateEventJson(event: SentryEventJson, ctx: SymbolicateContext): Promise<SymbolicateJsonOutput> {
  const frames: FrameSymbolicationJson[] = [];
  const results: FrameResult[] = [];
  const tails: (FrameRecordTail | undefined)[] = [];
  const rawValues = event.exception?.values;
  if (!rawValues || rawValues.length === 0) return { event, frames, results, tails };
  const { locate, debugIds } = eventLookup(ctx, event.release, event.dist, event.debug_meta?.images, (i) => [i.type, i.code_file, i.debug_id]);
  const exclude = ctx.inAppExclude ?? NO_EXCLUSIONS;
  // One lookup per file per event: 25 frames in one bundle cost one locate. Settled lookups are
  // kept beside their promise so the frames after the first do not wait a microtask each.
  const located = new Map<string, LocatedEntry>();
  const values = rawValues.map((exception) => {
    const raw = exception.stacktrace?.frames;
    if (!raw) return exception;
    return { ...exception, stacktrace: { ...exception.stacktrace, frames: [] as StackFrameJson[] } };
  });
  for (let exceptionIndex = 0; exceptionIndex < values.length; exceptionIndex++) {
    const raw = rawValues[exceptionIndex]!.stacktrace?.frames;
    if (!raw) continue;
    const out = values[exceptionIndex]!.stacktrace!.frames!;
    let callerName: string | undefined;
    for (let frameIndex = 0; frameIndex < raw.length; frameIndex++) {
      const frame = raw[frameIndex]!;
      let outcome = symbolicateFrameJson(frame, callerName, debugIds, located, locate, exclude);
      if (outcome instanceof Promise) outcome = await outcome;
      callerName = outcome.callSiteName;
      out.push(outcome.frame);
      results.push(outcome.result);
      const record: FrameSymbolicationJson = { exception_index: exceptionIndex, frame_index: frameIndex, status: STATUS_NAMES.get(statusOf(outcome.result))! };
      if (outcome.explanation) record.explanation = outcome.explanation;
      if (outcome.result === 'applied') record.raw_frame = frame;
      if (outcome.debugId) record.debug_id = outcome.debugId;
      if (outcome.sourceMap) record.source_map = outcome.sourceMap;
      if (outcome.lookup !== SourceMapLookup.UNSPECIFIED) record.lookup = LOOKUP_NAMES.get(outcome.lookup)!;
      if (outcome.scopeName) record.scope_name = true;
      tails.push(outcome.tail);
      frames.push(record);
    }
  }
  return { event: { ...event, exception: { ...event.exception, values } }, frames, results, tails };
}

interface FrameOutcome {
  frame: StackFrameJson;
  result: FrameResult;
  explanation: string;
  lookup: SourceMapLookup;
  debugId?: string;
  sourceMap?: string;
  /** The identifier called at this frame's position, which names the next (callee) frame. */
  callSiteName?: string;
  /** Applied frames: the shared JSON text of the record around `raw_frame`. */
  tail?: FrameRecordTail;
  /** The frame is named after the function around it in the original source. */
  scopeName?: boolean;
}

/** A mapped frame shared between events, the `in_app` exclusions it was built with, and its record tails by lookup. */
interface SharedFrame {
  frame: StackFrameJson;
  exclude: readonly RegExp[];
  tails: Map<string, FrameRecordTail>;
}

function unchanged(frame: StackFrameJson, result: FrameResult, explanation: string, found?: Located): FrameOutcome {
  return found
    ? { frame, result, explanation, lookup: found.lookup, debugId: found.debugId, sourceMap: found.sourceMap }
    : { frame, result, explanation, lookup: SourceMapLookup.UNSPECIFIED };
}

/**
 * One frame. Synchronous once the event's map lookup has settled and the frame is shared (the
 * common case): no promise and no microtask per frame.
 */
function symbolicateFrameJson(
  frame: StackFrameJson,
  callerName: string | undefined,
  debugIds: Map<string, string>,
  located: Map<string, LocatedEntry>,
  ctx: LocateContext,
  inAppExclude: readonly RegExp[],
): FrameOutcome | Promise<FrameOutcome> {
  const filename = frame.filename ?? '';
  const absPath = frame.abs_path || (isUrl(filename) ? filename : '');
  if (!isJsLocation(absPath) || (frame.platform && frame.platform !== 'javascript' && frame.platform !== 'node')) {
    return unchanged(frame, 'not_applicable', `no source map applies to ${absPath || filename || 'a frame without a file'}`);
  }
  const lineno = frame.lineno ?? 0;
  if (lineno <= 0) return unchanged(frame, 'invalid_location', 'the frame has no line number');
  const debugId = debugIds.size === 0 ? undefined : (debugIds.get(absPath) ?? debugIds.get(filename));
  const memoKey = debugId === undefined ? absPath : `${debugId}|${absPath}`;
  let entry = located.get(memoKey);
  if (!entry) {
    const created: LocatedEntry = { pending: locateMap(absPath, debugId, ctx) };
    created.pending.then((value) => (created.done = value), () => undefined);
    located.set(memoKey, created);
    entry = created;
  }
  const settled = entry;
  if (settled.done === undefined) return settled.pending.then((found) => withMap(frame, callerName, found, settled, ctx, inAppExclude));
  return withMap(frame, callerName, settled.done, settled, ctx, inAppExclude);
}

function withMap(
  frame: StackFrameJson,
  callerName: string | undefined,
  found: Located,
  entry: LocatedEntry,
  ctx: LocateContext,
  inAppExclude: readonly RegExp[],
): FrameOutcome | Promise<FrameOutcome> {
  const lineno = frame.lineno ?? 0;
  if (!found.ok) return unchanged(frame, found.result, found.explanation, found);
  const colno = frame.colno ?? 0;
  const token = lookupToken(found.map, lineno, colno);
  if (!token) return unchanged(frame, 'position_out_of_range', `line ${lineno} column ${colno} is not covered by source map ${found.sourceMap}`, found);
  if (!isCallerName(callerName) && !found.map.scopes(token.sourceIndex) && !found.map.lines(token.sourceIndex)) {
    // A map without sourcesContent: the scope name comes from the separately uploaded source, if any.
    const absPath = resolved(found.map, token, found.baseUrl, token.column + 1).location.absPath;
    return uploadedSourceScopes(absPath, ctx).then((scopes) => named(frame, callerName, found, token, entry, ctx, inAppExclude, scopes));
  }
  return named(frame, callerName, found, token, entry, ctx, inAppExclude, found.map.scopes(token.sourceIndex));
}

/** The rest of `withMap` once the original source's functions (if any) are at hand. */
function named(
  frame: StackFrameJson,
  callerName: string | undefined,
  found: Extract<Located, { ok: true }>,
  token: Token,
  entry: LocatedEntry,
  ctx: LocateContext,
  inAppExclude: readonly RegExp[],
  scopes: FunctionScopes | undefined,
): FrameOutcome | Promise<FrameOutcome> {
  const minifiedName = frame.function && frame.function !== '?' ? frame.function : undefined;
  const naming = frameFunctionNaming(callerName, minifiedName, () => scopes && enclosingFunctionName(scopes, token.line, token.column));
  const name = naming.name;
  if (entry.via === undefined) {
    entry.via = found.lookup === SourceMapLookup.DEBUG_ID ? `debug id ${found.debugId}` : found.lookup === SourceMapLookup.DATA_URL ? 'an embedded data: URL' : `release file ${found.sourceMap}`;
    let suffix = '';
    if (found.debugId) suffix += `,"debug_id":${JSON.stringify(found.debugId)}`;
    if (found.sourceMap) suffix += `,"source_map":${JSON.stringify(found.sourceMap)}`;
    if (found.lookup !== SourceMapLookup.UNSPECIFIED) suffix += `,"lookup":"${LOOKUP_NAMES.get(found.lookup)!}"`;
    entry.suffix = `${suffix}}`;
    entry.key = `${entry.via}\u0000${entry.suffix}`;
  }
  const shared = mappedFrame(frame, found, token, name, inAppExclude, ctx);
  if (shared instanceof Promise) return shared.then((built) => applied(built, entry, found, token.name, naming.fromScope));
  return applied(shared, entry, found, token.name, naming.fromScope);
}

function applied(shared: SharedFrame, entry: LocatedEntry, found: Extract<Located, { ok: true }>, callSiteName: string | undefined, scopeName: boolean): FrameOutcome {
  const mapped = shared.frame;
  // The same mapped frame can be named by a call site in one event and by its scope in another.
  const key = scopeName ? `${entry.key!}\u0000scope` : entry.key!;
  let tail = shared.tails.get(key);
  if (!tail) {
    const explanation = `mapped to ${mapped.filename ?? ''}:${mapped.lineno ?? 0}:${mapped.colno ?? 0} by ${entry.via!}`;
    const suffix = scopeName ? `${entry.suffix!.slice(0, -1)},"scope_name":true}` : entry.suffix!;
    tail = { explanation, prefix: `"status":"${APPLIED}","explanation":${JSON.stringify(explanation)},"raw_frame":`, suffix };
    if (shared.tails.size >= 16) shared.tails.clear();
    shared.tails.set(key, tail);
  }
  return {
    frame: mapped,
    result: 'applied',
    explanation: tail.explanation,
    lookup: found.lookup,
    debugId: found.debugId,
    sourceMap: found.sourceMap,
    callSiteName,
    tail,
    scopeName,
  };
}

/** The de-minified frame: shared per (position, name) in the common case, built afresh when the raw frame carries more. */
function mappedFrame(
  raw: StackFrameJson,
  found: Extract<Located, { ok: true }>,
  token: Token,
  name: string | undefined,
  inAppExclude: readonly RegExp[],
  ctx: LocateContext,
): SharedFrame | Promise<SharedFrame> {
  const colno = token.column + 1;
  const at = resolved(found.map, token, found.baseUrl, colno);
  const needsUpload = !at.context?.contextLine && !found.map.lines(token.sourceIndex);
  // Frames with variables or their own module/platform are rare; they are not shared.
  const shareable = !needsUpload && raw.vars === undefined && !raw.platform && at.location.module !== undefined;
  if (shareable) {
    const hit = (name !== undefined ? at.named?.get(name) : at.unnamed?.get(raw.function ?? '')) as SharedFrame | undefined;
    if (hit && sameExclusions(hit.exclude, inAppExclude)) return hit;
  }
  if (needsUpload) {
    // Maps without sourcesContent: context from the separately uploaded original source, if any.
    return uploadedSourceLines(at.location.absPath, ctx).then((lines) => buildFrame(raw, at, token, name, inAppExclude, (lines && contextLines(lines, token.line, colno)) || at.context, false));
  }
  return buildFrame(raw, at, token, name, inAppExclude, at.context, shareable);
}

function buildFrame(raw: StackFrameJson, at: Resolved, token: Token, name: string | undefined, inAppExclude: readonly RegExp[], context: ContextLines | undefined, shareable: boolean): SharedFrame {
  const location = at.location;
  const colno = token.column + 1;
  // Members in field-number order, defaults left out: the order `toJson` writes.
  const out: StackFrameJson = {};
  if (location.filename) out.filename = location.filename;
  if (location.absPath) out.abs_path = location.absPath;
  const fn = name ?? raw.function;
  if (fn) out.function = fn;
  const module = location.module ?? raw.module;
  if (module) out.module = module;
  out.lineno = token.line;
  out.colno = colno;
  out.in_app = isInApp(location.absPath, location.filename, inAppExclude);
  if (context && context.preContext.length > 0) out.pre_context = context.preContext;
  if (context?.contextLine) out.context_line = context.contextLine;
  if (context && context.postContext.length > 0) out.post_context = context.postContext;
  // A copy: scrubbing edits vars in place, and the raw frame is also published as `raw_frame`.
  if (raw.vars !== undefined) out.vars = structuredClone(raw.vars);
  if (raw.platform) out.platform = raw.platform;
  const built: SharedFrame = { frame: out, exclude: inAppExclude, tails: new Map() };
  if (shareable) {
    frameBytes.set(out, utf8.encode(JSON.stringify(out)));
    const memo = name !== undefined ? (at.named ??= new Map()) : (at.unnamed ??= new Map());
    if (memo.size >= 64) memo.clear();
    memo.set(name ?? raw.function ?? '', built);
  }
  return built;
}

const NO_EXCLUSIONS: readonly RegExp[] = [];

/** Whether two `in_app` exclusion lists are the same patterns (callers may pass a new array each time). */
function sameExclusions(a: readonly RegExp[], b: readonly RegExp[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && (a[i]!.source !== b[i]!.source || a[i]!.flags !== b[i]!.flags)) return false;
  return true;
}

function isUrl(s: string): boolean {
  return /^[a-z][-a-z0-9+.]*:\/\//i.test(s);
}

/** Whether a path can have a JavaScript source map: a script URL or path, not `[native code]` or `<anonymous>`. */
function isJsLocation(absPath: string): boolean {
  if (!absPath) return false;
  return /^(?:https?|app|file|webpack):\/\//i.test(absPath) || absPath.startsWith('/') || absPath.startsWith('~/');
}
