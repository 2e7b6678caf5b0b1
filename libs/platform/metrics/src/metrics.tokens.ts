// Injection tokens of the metrics library, in a file of their own so that libraries
// that only optionally use metrics can import the token without the module.

/** Injection token of the service's prom-client Registry. */
export const METRICS_REGISTRY = Symbol.for('faultline.metrics.registry');
