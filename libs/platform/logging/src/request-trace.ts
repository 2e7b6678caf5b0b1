// The trace of one incoming HTTP request: a new span in the caller's trace when the
// request carries a valid traceparent, a new trace otherwise.
import type { IncomingMessage } from 'node:http';

import { childTraceContext, parseTraceparent, runWithTrace, type TraceContext } from './trace-context.js';

// Both the request-id generator and the trace middleware need the request's context,
// and Nest does not promise which runs first; whichever asks first creates it.
const traces = new WeakMap<IncomingMessage, TraceContext>();

/** The trace context of a request, created on first use from its traceparent header. */
export function requestTrace(req: IncomingMessage): TraceContext {
  let trace = traces.get(req);
  if (!trace) {
    // A repeated traceparent header arrives as an array; the specification makes
    // that invalid, so it starts a new trace like any other malformed value.
    const header = req.headers.traceparent;
    trace = childTraceContext(parseTraceparent(typeof header === 'string' ? header : undefined));
    traces.set(req, trace);
  }
  return trace;
}

/** Middleware that runs the rest of the request inside its trace, so every log line in it carries the ids. */
export function traceMiddleware(req: IncomingMessage & { id?: unknown }, _res: unknown, next: () => void): void {
  const trace = requestTrace(req);
  // Fastify's middleware layer has already set its own counter ("req-1") as req.id,
  // and pino-http keeps an existing id instead of calling genReqId. This middleware
  // runs before pino-http's (LoggingModule imports LoggerModule; the module spec
  // checks the order), so the request id becomes the trace id here.
  req.id = trace.traceId;
  runWithTrace(trace, next);
}
