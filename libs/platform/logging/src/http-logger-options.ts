// How pino-http logs requests in every Faultline service.
import type { IncomingMessage } from 'node:http';

import type { Logger } from 'pino';
import type { Options } from 'pino-http';

import { requestTrace } from './request-trace.js';
import { redactRequest, redactResponse } from './serializers.js';

/** Paths polled by Kubernetes and Prometheus; their request lines are logged at debug so they do not drown the rest. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/** pino-http options around `logger`: trace-derived request ids, quiet probes, redacted request and response. */
export function httpLoggerOptions(logger: Logger): Options {
  return {
    logger,
    // The trace id is what an engineer greps for across services; span_id on every
    // line tells apart requests that share a trace.
    genReqId: (req) => requestTrace(req).traceId,
    customLogLevel: (req, res, error) => {
      if (PROBE_PATHS.has(pathOf(req))) return 'debug';
      return error || res.statusCode >= 500 ? 'error' : 'info';
    },
    serializers: {
      req: (req: Record<string, unknown>) => redactRequest(req),
      res: (res: Record<string, unknown>) => redactResponse(res),
    },
    // Lines logged while handling a request carry its id, not the whole request: the
    // full request and response are on the one "request completed" line.
    quietReqLogger: true,
  };
}

function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  const url = req.originalUrl ?? req.url ?? '';
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

