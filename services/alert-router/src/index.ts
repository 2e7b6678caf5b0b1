// Public surface of @faultline/alert-router (for tests and the benchmark; services never import each other).
export { alertRouterConfigSchema, loadAlertRouterConfig, type AlertRouterConfig } from './alert-router.config.js';
export { createAlertRouterApp } from './create-alert-router-app.js';
export { loadAlertingConfig, type LoadedConfig } from './config/alerting-config-source.js';
export { ALERT_ROUTER_MIGRATIONS, CreateAlertRouter1796000000000 } from './store/migrations.js';
export { AlertRouter, type RouterOptions } from './core/alert-router.js';
export { RouterMetrics } from './core/router-metrics.js';
export { Notifier, notificationId, type NotificationLog } from './notify/notifier.js';
