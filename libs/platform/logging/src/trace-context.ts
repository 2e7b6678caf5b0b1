// W3C Trace Context (https://www.w3.org/TR/trace-context/) for logs: the traceparent
// header and the NATS message header carry it between services, and an
// AsyncLocalStorage carries it through one process so every log line can name it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** The part of a traceparent Faultline keeps: which trace, which span, and the sampled flag. */
export interface TraceContext {
  /** 32 lower-case hex digits, not all zero. */
  traceId: string;
  /** 16 lower-case hex digits, not all zero. */
  spanId: string;
  /** Whether the caller may have recorded this trace (flag bit 0). */
  sampled: boolean;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const HEX2 = /^[0-9a-f]{2}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

const storage = new AsyncLocalStorage<TraceContext>();

/** Reads a traceparent header value; undefined when absent or malformed (the caller then starts a new trace). */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  if (value === undefined) return undefined;
  const [version, traceId, spanId, flags, ...rest] = value.trim().split('-');
  if (version === undefined || !HEX2.test(version) || version === 'ff') return undefined;
  // Version 00 has exactly four fields; later versions may append fields, which the
  // specification asks a version-00 parser to ignore.
  if (version === '00' && rest.length > 0) return undefined;
  if (traceId === undefined || !TRACE_ID.test(traceId) || traceId === ZERO_TRACE_ID) return undefined;
  if (spanId === undefined || !SPAN_ID.test(spanId) || spanId === ZERO_SPAN_ID) return undefined;
  if (flags === undefined || !HEX2.test(flags)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** Writes a version-00 traceparent header value for the context. */
export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

/** Starts a new trace. It is marked sampled because Faultline logs every request it handles. */
export function newTraceContext(): TraceContext {
  return { traceId: randomId(16), spanId: randomId(8), sampled: true };
}

/** Starts a span in the parent's trace, or a new trace when there is no parent. */
export function childTraceContext(parent?: TraceContext): TraceContext {
  return parent ? { traceId: parent.traceId, spanId: randomId(8), sampled: parent.sampled } : newTraceContext();
}

/** Runs fn with ctx as the current trace, including everything fn awaits or schedules. */
export function runWithTrace<T>(ctx: TraceContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The trace of the code running now, if it runs inside runWithTrace. */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

// All-zero ids are invalid, so the (astronomically unlikely) zero draw is redrawn.
// Ids are cut from a pool of random bytes refilled 4 KiB at a time: a consumer creates
// a span per message, and one `randomBytes` call per span was a tenth of its CPU time.
const POOL_SIZE = 4_096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

function randomId(bytes: number): string {
  for (;;) {
    if (offset + bytes > POOL_SIZE) {
      pool = randomBytes(POOL_SIZE);
      offset = 0;
    }
    const id = pool.toString('hex', offset, offset + bytes);
    offset += bytes;
    if (/[^0]/.test(id)) return id;
  }
}
