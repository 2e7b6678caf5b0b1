// Public surface of @faultline/platform-health.
export { HealthController, type HealthBody } from './health.controller.js';
export { DEFAULT_READINESS_TIMEOUT_MS, type HealthModuleAsyncOptions, type HealthModuleOptions } from './health-options.js';
export { HealthModule } from './health.module.js';
export { HEALTH_OPTIONS, READINESS_CHECKS } from './health.tokens.js';
export { readinessCheck, type ReadinessCheck } from './readiness-check.js';
export { ReadinessService } from './readiness.service.js';
export { runCheck, runReadinessChecks, type ReadinessReport } from './run-readiness.js';
