// Injection tokens of the health library.

/** Injection token of the ReadinessCheck[] that /readyz runs. */
export const READINESS_CHECKS = Symbol.for('faultline.health.readiness-checks');

/** Injection token of the HealthModuleOptions given to forRoot or made by forRootAsync. */
export const HEALTH_OPTIONS = Symbol.for('faultline.health.options');
