// Public surface of @faultline/platform-metrics.
export { counter, gauge, histogram, type MetricConfig } from './metric-helpers.js';
export { createMetricsRegistry, DEFAULT_METRIC_PREFIX, metricName, type MetricsRegistryOptions } from './metrics-registry.js';
export { MetricsController } from './metrics.controller.js';
export { MetricsModule, type MetricsModuleOptions } from './metrics.module.js';
export { METRICS_REGISTRY } from './metrics.tokens.js';
