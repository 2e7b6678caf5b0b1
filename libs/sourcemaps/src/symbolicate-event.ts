// Symbolicating every exception frame of an event. Frames are visited caller first (Sentry order,
// outermost first), so the call-site name found in a caller's frame can name the next frame. A bad
// or missing map never fails the event: the frame stays minified and its entry says why.
import { SourceMapLookup, type FrameSymbolication, type SentryEvent, type StackFrame } from '@faultline/contracts';
import type { ArtifactSource } from './artifact-source.js';
import { contextLines } from './context-lines.js';
import { statusOf, type FrameResult } from './failure-reason.js';
import { frameFunctionNaming, isCallerName } from './function-name.js';
import { enclosingFunctionName } from './function-scopes.js';
import { locateMap, type LocateContext, type Located } from './locate-map.js';
import type { MapCache } from './map-cache.js';
import { lookupToken, originalFrame, resolved } from './resolve-frame.js';
import { normalizeDebugId } from './source-comments.js';
import { uploadedSourceLines, uploadedSourceScopes } from './source-file.js';

/** What `symbolicateEvent` needs besides the event. */
export interface SymbolicateContext {
  projectId: string;
  /** Release and dist of the event, for release-file lookups (defaults: the event's own). */
  release?: string;
  dist?: string;
  source: ArtifactSource;
  cache: MapCache;
  /** Extra patterns (tested on original abs_path and filename) of frames that are not application code. */
  inAppExclude?: RegExp[];
  /** Maps larger than this are not parsed; defaults to the cache budget. */
  maxMapBytes?: number;
}

/** The symbolicated event, one `FrameSymbolication` per exception frame, and the per-frame result for metrics. */
export interface SymbolicateOutput {
  event: SentryEvent;
  frames: FrameSymbolication[];
  /** Parallel to `frames`: `applied` or the reason (label of `faultline_sourcemap_frames_total{result}`). */
  results: FrameResult[];
}

/**
 * Where one event's maps are looked up: the context's release and dist, else the event's, and the
 * debug ids of its `sourcemap` images by code file. Shared by the message and JSON forms, which
 * name the image fields differently (`field` reads type, code file and debug id of one image).
 */
export function eventLookup<I>(
  ctx: SymbolicateContext,
  release: string | undefined,
  dist: string | undefined,
  images: readonly I[] | undefined,
  field: (image: I) => [type: string | undefined, codeFile: string | undefined, debugId: string | undefined],
): { locate: LocateContext; debugIds: Map<string, string> } {
  const locate: LocateContext = {
    projectId: ctx.projectId,
    release: ctx.release ?? (release || undefined),
    dist: ctx.dist ?? (dist || undefined),
    source: ctx.source,
    cache: ctx.cache,
    maxMapBytes: ctx.maxMapBytes ?? ctx.cache.maxBytes,
  };
  const debugIds = new Map<string, string>();
  for (const image of images ?? []) {
    const [type, codeFile, debugId] = field(image);
    if (type === 'sourcemap' && codeFile && debugId) debugIds.set(codeFile, normalizeDebugId(debugId));
  }
  return { locate, debugIds };
}

/**
 * Rewrites the exception frames of `event` to original sources. Throws only when the
 * `ArtifactSource` itself fails (storage down), so the caller can retry the message.
 */
export async function symbolicateEvent(event: SentryEvent, ctx: SymbolicateContext): Promise<SymbolicateOutput> {
  const { locate, debugIds } = eventLookup(ctx, event.release, event.dist, event.debugMeta?.images, (i) => [i.type, i.codeFile, i.debugId]);
  // One lookup per file per event: 25 frames in one bundle cost one locate.
  const located = new Map<string, Promise<Located>>();
  const frames: FrameSymbolication[] = [];
  const results: FrameResult[] = [];
  const values = (event.exception?.values ?? []).map((exception) => {
    if (!exception.stacktrace) return exception;
    return { ...exception, stacktrace: { ...exception.stacktrace, frames: [] as StackFrame[] } };
  });
  for (const [exceptionIndex, exception] of values.entries()) {
    const raw = event.exception!.values[exceptionIndex]!.stacktrace?.frames ?? [];
    let callerName: string | undefined;
    for (const [frameIndex, frame] of raw.entries()) {
      const out = await symbolicateFrame(frame, callerName, debugIds, located, locate, ctx.inAppExclude ?? []);
      callerName = out.callSiteName;
      exception.stacktrace!.frames.push(out.frame);
      results.push(out.result);
      // A literal instead of create(): this runs for every frame of every event (see the bench).
      frames.push({
        $typeName: 'faultline.v1.FrameSymbolication',
        exceptionIndex,
        frameIndex,
        status: statusOf(out.result),
        explanation: out.explanation,
        rawFrame: out.result === 'applied' ? frame : undefined,
        debugId: out.debugId ?? '',
        sourceMap: out.sourceMap ?? '',
        lookup: out.lookup,
        scopeName: out.scopeName === true,
      });
    }
  }
  const outEvent: SentryEvent = event.exception ? { ...event, exception: { ...event.exception, values } } : event;
  return { event: outEvent, frames, results };
}

interface FrameOutcome {
  frame: StackFrame;
  result: FrameResult;
  explanation: string;
  lookup: SourceMapLookup;
  debugId?: string;
  sourceMap?: string;
  /** The identifier called at this frame's position, which names the next (callee) frame. */
  callSiteName?: string;
  /** The frame is named after the function around it in the original source. */
  scopeName?: boolean;
}

async function symbolicateFrame(
  frame: StackFrame,
  callerName: string | undefined,
  debugIds: Map<string, string>,
  located: Map<string, Promise<Located>>,
  ctx: LocateContext,
  inAppExclude: readonly RegExp[],
): Promise<FrameOutcome> {
  const unchanged = (result: FrameResult, explanation: string, extra: Partial<FrameOutcome> = {}): FrameOutcome => ({
    frame,
    result,
    explanation,
    lookup: SourceMapLookup.UNSPECIFIED,
    ...extra,
  });
  const absPath = frame.absPath || (isUrl(frame.filename) ? frame.filename : '');
  if (!isJsLocation(absPath) || (frame.platform && !/^(javascript|node)$/.test(frame.platform))) {
    return unchanged('not_applicable', `no source map applies to ${absPath || frame.filename || 'a frame without a file'}`);
  }
  if (frame.lineno <= 0) return unchanged('invalid_location', 'the frame has no line number');
  const debugId = debugIds.get(absPath) ?? debugIds.get(frame.filename);
  const memoKey = `${debugId ?? ''}|${absPath}`;
  let pending = located.get(memoKey);
  if (!pending) {
    pending = locateMap(absPath, debugId, ctx);
    located.set(memoKey, pending);
  }
  const found = await pending;
  if (!found.ok) return unchanged(found.result, found.explanation, { lookup: found.lookup, debugId: found.debugId, sourceMap: found.sourceMap });
  const where = { lookup: found.lookup, debugId: found.debugId, sourceMap: found.sourceMap };
  const token = lookupToken(found.map, frame.lineno, frame.colno);
  if (!token) {
    return unchanged('position_out_of_range', `line ${frame.lineno} column ${frame.colno} is not covered by source map ${found.sourceMap}`, where);
  }
  const minifiedName = frame.function && frame.function !== '?' ? frame.function : undefined;
  // A map without sourcesContent: the scope name comes from the separately uploaded source, if any.
  const scopes = found.map.scopes(token.sourceIndex) ?? (isCallerName(callerName) || found.map.lines(token.sourceIndex) ? undefined : await uploadedSourceScopes(resolved(found.map, token, found.baseUrl, token.column + 1).location.absPath, ctx));
  const naming = frameFunctionNaming(callerName, minifiedName, () => scopes && enclosingFunctionName(scopes, token.line, token.column));
  const name = naming.name;
  let mapped = originalFrame(frame, found.map, token, found.baseUrl, name, inAppExclude);
  if (!mapped.contextLine && !found.map.lines(token.sourceIndex)) mapped = await withUploadedContext(mapped, ctx);
  const via = found.lookup === SourceMapLookup.DEBUG_ID ? `debug id ${found.debugId}` : found.lookup === SourceMapLookup.DATA_URL ? 'an embedded data: URL' : `release file ${found.sourceMap}`;
  return {
    frame: mapped,
    result: 'applied',
    explanation: `mapped to ${mapped.filename}:${mapped.lineno}:${mapped.colno} by ${via}`,
    ...where,
    callSiteName: token.name,
    scopeName: naming.fromScope,
  };
}

/** Context from a separately uploaded original source, for maps without `sourcesContent`. */
async function withUploadedContext(frame: StackFrame, ctx: LocateContext): Promise<StackFrame> {
  const lines = await uploadedSourceLines(frame.absPath, ctx);
  const context = lines && contextLines(lines, frame.lineno, frame.colno);
  return context ? { ...frame, ...context } : frame;
}

function isUrl(s: string): boolean {
  return /^[a-z][-a-z0-9+.]*:\/\//i.test(s);
}

/** Whether a path can have a JavaScript source map: a script URL or path, not `[native code]` or `<anonymous>`. */
function isJsLocation(absPath: string): boolean {
  if (!absPath) return false;
  return /^(?:https?|app|file|webpack):\/\//i.test(absPath) || absPath.startsWith('/') || absPath.startsWith('~/');
}
