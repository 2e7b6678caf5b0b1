// Public surface of @faultline/platform-logging.
export { createLogger, type LoggerOptions } from './create-logger.js';
export { httpLoggerOptions, PROBE_PATHS } from './http-logger-options.js';
export { LoggingModule, type LoggingModuleAsyncOptions, type LoggingModuleOptions } from './logging.module.js';
export { isSecretKey, REDACT_MAX_DEPTH, REDACTED, redactSecrets, redactUrl, SECRET_HEADERS, SECRET_KEYS } from './redaction.js';
export { requestTrace, traceMiddleware } from './request-trace.js';
export {
  childTraceContext,
  currentTrace,
  formatTraceparent,
  newTraceContext,
  parseTraceparent,
  runWithTrace,
  type TraceContext,
} from './trace-context.js';
