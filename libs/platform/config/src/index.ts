// Public surface of @faultline/platform-config.
export { bootstrapConfigOrExit, EX_CONFIG } from './bootstrap-config.js';
export { ConfigError, type ConfigIssue } from './config-error.js';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module.js';
export { envBoolean, parseBoolean } from './env-boolean.js';
export { envDuration, formatDuration, parseDuration, type DurationOptions } from './env-duration.js';
export { envList, type ListOptions } from './env-list.js';
export { envInt, envNumber, parseDecimal, parseInteger, type NumberOptions } from './env-number.js';
export { envUrl, parseUrl, type UrlOptions } from './env-url.js';
export { envValue, parsed, rejected, type Parsed } from './env-value.js';
export { databaseEnv } from './fragments/database-env.js';
export { httpEnv } from './fragments/http-env.js';
export { LOG_LEVELS, loggingEnv, type LogLevel } from './fragments/logging-env.js';
export { natsEnv } from './fragments/nats-env.js';
export { storageEnv } from './fragments/storage-env.js';
export { loadConfig, type Env } from './load-config.js';
export { displayValue, isSecretName, REDACTED } from './secret-values.js';
