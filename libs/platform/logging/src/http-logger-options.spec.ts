import type { IncomingMessage, ServerResponse } from 'node:http';

import { createLogger } from './create-logger.js';
import { httpLoggerOptions } from './http-logger-options.js';
import { formatTraceparent, newTraceContext } from './trace-context.js';

const request = (url: string, headers: Record<string, string> = {}) => ({ url, headers }) as unknown as IncomingMessage;
const response = (statusCode: number) => ({ statusCode }) as ServerResponse;

describe('httpLoggerOptions', () => {
  const options = httpLoggerOptions(createLogger({ destination: { write: () => undefined } }));
  const levelOf = (url: string, status: number, error?: Error) => options.customLogLevel?.(request(url), response(status), error);

  it('logs probes at debug whatever their outcome', () => {
    expect(levelOf('/healthz', 200)).toBe('debug');
    expect(levelOf('/readyz?verbose=1', 503)).toBe('debug');
    expect(levelOf('/metrics', 200)).toBe('debug');
  });

  it('logs other requests at info, and server errors at error', () => {
    expect(levelOf('/api/1/envelope/', 200)).toBe('info');
    expect(levelOf('/api/1/envelope/', 429)).toBe('info');
    expect(levelOf('/api/1/envelope/', 500)).toBe('error');
    expect(levelOf('/api/1/envelope/', 200, new Error('aborted'))).toBe('error');
    expect(levelOf('/healthzz', 200)).toBe('info');
  });

  it('takes the request id from the incoming trace', () => {
    const caller = newTraceContext();
    const req = request('/x', { traceparent: formatTraceparent(caller) });
    expect(options.genReqId?.(req, response(200))).toBe(caller.traceId);
  });
});
