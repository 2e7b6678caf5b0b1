// The `exception` interface: `{values: [...]}`, a bare array, or a single exception object (all seen
// from real clients), each with an optional stack trace whose frames are capped per stack the way
// Sentry trims them: the outermost and the innermost frames are the ones worth keeping.
import type { MessageInitShape, SentryExceptionSchema, StackFrameSchema } from '@faultline/contracts';
import { describeJson, invalidEvent } from './errors.js';
import {
  isRecord,
  optArray,
  optBool,
  optLenientString,
  optRecord,
  optString,
  optStringList,
  optStruct,
  optUint,
  type JsonRecord,
} from './json-readers.js';

type ExceptionInit = MessageInitShape<typeof SentryExceptionSchema>;
type FrameInit = MessageInitShape<typeof StackFrameSchema>;

/** Exceptions ready for the contract, plus how many frames the cap removed. */
export interface NormalizedExceptions {
  values: ExceptionInit[];
  truncatedFrames: number;
}

/** Normalises the `exception` field in any of its accepted shapes; undefined when absent. */
export function normalizeExceptions(value: unknown, maxFrames: number): NormalizedExceptions | undefined {
  if (value === undefined || value === null) return undefined;
  let list: unknown[];
  let path: string;
  if (Array.isArray(value)) {
    list = value;
    path = 'exception';
  } else if (isRecord(value)) {
    if ('values' in value) {
      const values = optArray(value.values, 'exception.values');
      if (!values) return undefined;
      list = values;
      path = 'exception.values';
    } else {
      // A single exception object ({type, value, stacktrace}) without the `values` wrapper.
      list = [value];
      path = 'exception';
    }
  } else {
    throw invalidEvent('exception', `expected an object with "values", a list or a single exception, got ${describeJson(value)}`);
  }
  const out: NormalizedExceptions = { values: [], truncatedFrames: 0 };
  for (let i = 0; i < list.length; i++) {
    const p = path === 'exception' && list.length === 1 && !Array.isArray(value) ? 'exception' : `${path}[${i}]`;
    const raw = list[i];
    if (raw === null) continue;
    if (!isRecord(raw)) throw invalidEvent(p, `expected an exception object, got ${describeJson(raw)}`);
    out.values.push(normalizeException(raw, p, maxFrames, out));
  }
  return out;
}

function normalizeException(raw: JsonRecord, path: string, maxFrames: number, acc: NormalizedExceptions): ExceptionInit {
  const ex: ExceptionInit = {};
  const type = optString(raw.type, `${path}.type`);
  if (type !== undefined) ex.type = type;
  // Relay stores `value` as a lenient string: some SDKs throw numbers or objects.
  const v = raw.value;
  if (v !== undefined && v !== null) ex.value = typeof v === 'string' ? v : JSON.stringify(v);
  const module = optString(raw.module, `${path}.module`);
  if (module !== undefined) ex.module = module;
  const threadId = optLenientString(raw.thread_id, `${path}.thread_id`);
  if (threadId !== undefined) ex.threadId = threadId;
  const mechanism = optRecord(raw.mechanism, `${path}.mechanism`);
  if (mechanism) {
    const mp = `${path}.mechanism`;
    ex.mechanism = {
      type: optString(mechanism.type, `${mp}.type`) ?? 'generic',
      handled: optBool(mechanism.handled, `${mp}.handled`),
      synthetic: optBool(mechanism.synthetic, `${mp}.synthetic`),
      data: optStruct(mechanism.data, `${mp}.data`),
      source: optString(mechanism.source, `${mp}.source`) ?? '',
      isExceptionGroup: optBool(mechanism.is_exception_group, `${mp}.is_exception_group`),
      exceptionId: optUint(mechanism.exception_id, `${mp}.exception_id`),
      parentId: optUint(mechanism.parent_id, `${mp}.parent_id`),
    };
  }
  const stacktrace = optRecord(raw.stacktrace, `${path}.stacktrace`);
  if (stacktrace) {
    const frames = optArray(stacktrace.frames, `${path}.stacktrace.frames`);
    if (frames) ex.stacktrace = { frames: capFrames(frames, `${path}.stacktrace.frames`, maxFrames, acc) };
  }
  return ex;
}

/** Keeps the first and last halves of an over-long stack; only kept frames are validated, so a hostile 1e6-frame stack costs nothing. */
function capFrames(frames: unknown[], path: string, maxFrames: number, acc: NormalizedExceptions): FrameInit[] {
  const out: FrameInit[] = [];
  if (frames.length <= maxFrames) {
    for (let i = 0; i < frames.length; i++) pushFrame(frames[i], `${path}[${i}]`, out);
    return out;
  }
  // The crashing frame is last, so the tail gets the odd frame.
  const head = Math.floor(maxFrames / 2);
  const tailStart = frames.length - (maxFrames - head);
  for (let i = 0; i < head; i++) pushFrame(frames[i], `${path}[${i}]`, out);
  for (let i = tailStart; i < frames.length; i++) pushFrame(frames[i], `${path}[${i}]`, out);
  acc.truncatedFrames += frames.length - maxFrames;
  return out;
}

function pushFrame(raw: unknown, path: string, out: FrameInit[]): void {
  if (raw === null) return;
  if (!isRecord(raw)) throw invalidEvent(path, `expected a frame object, got ${describeJson(raw)}`);
  const frame: FrameInit = {};
  const filename = optString(raw.filename, `${path}.filename`);
  if (filename !== undefined) frame.filename = filename;
  const absPath = optString(raw.abs_path, `${path}.abs_path`);
  if (absPath !== undefined) frame.absPath = absPath;
  const fn = optString(raw.function, `${path}.function`);
  if (fn !== undefined) frame.function = fn;
  const module = optString(raw.module, `${path}.module`);
  if (module !== undefined) frame.module = module;
  const lineno = optUint(raw.lineno, `${path}.lineno`);
  if (lineno !== undefined) frame.lineno = lineno;
  const colno = optUint(raw.colno, `${path}.colno`);
  if (colno !== undefined) frame.colno = colno;
  const inApp = optBool(raw.in_app, `${path}.in_app`);
  if (inApp !== undefined) frame.inApp = inApp;
  if (raw.pre_context !== undefined) frame.preContext = optStringList(raw.pre_context, `${path}.pre_context`);
  const contextLine = optString(raw.context_line, `${path}.context_line`);
  if (contextLine !== undefined) frame.contextLine = contextLine;
  if (raw.post_context !== undefined) frame.postContext = optStringList(raw.post_context, `${path}.post_context`);
  const vars = optStruct(raw.vars, `${path}.vars`);
  if (vars !== undefined) frame.vars = vars;
  const platform = optString(raw.platform, `${path}.platform`);
  if (platform !== undefined) frame.platform = platform;
  out.push(frame);
}
