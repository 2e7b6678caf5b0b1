// Everything the alert router can be configured with, validated once at start.
import { databaseEnv, envDuration, envInt, envUrl, httpEnv, loggingEnv, loadConfig, natsEnv, type Env } from '@faultline/platform-config';
import { messagingEnv } from '@faultline/platform-messaging';
import { z } from 'zod';

/** The alert router's environment variables (documented in docs/ALERTING.md and docs/CONFIGURATION.md). */
export const alertRouterConfigSchema = z.object({
  ...natsEnv.shape,
  ...databaseEnv.shape,
  ...loggingEnv.shape,
  ...messagingEnv.shape,
  ...httpEnv('ALERT_ROUTER_PORT', 8083).shape,
  ALERT_ROUTER_HOST: z.string().min(1).default('0.0.0.0'),
  /** The routing + rules YAML; unset = the built-in default (new issues and regressions to GitHub). */
  ALERTING_CONFIG: z.string().min(1).optional(),
  /** Base URL of the router itself: `externalURL` of notifications and amtool's links. */
  ALERT_ROUTER_EXTERNAL_URL: envUrl({ protocols: ['http:', 'https:'], default: 'http://127.0.0.1:8083' }),
  /** Base URL of the Faultline UI for alert links (`link` annotation, generatorURL); empty: alerts carry no link. */
  ALERT_ROUTER_UI_URL: z.string().default(''),
  /** Identity of this replica in the lease table (default: hostname-pid). */
  ALERT_ROUTER_REPLICA_ID: z.string().min(1).optional(),
  /** How long a leadership lease lasts without renewal: the hand-over time after a crash. */
  ALERT_ROUTER_LEASE_TTL: envDuration({ min: '1s', max: '5m', default: '5s' }),
  /** How often replicas re-read silences and posted alerts from PostgreSQL. */
  ALERT_ROUTER_SYNC_INTERVAL: envDuration({ min: '100ms', max: '1m', default: '1s' }),
  /** How often the rule engine re-evaluates windows (resolutions) and stored state is pruned. */
  ALERT_ROUTER_TICK_INTERVAL: envDuration({ min: '100ms', max: '10m', default: '5s' }),
  /** Webhook deliveries: attempts per flush (5xx and network errors are retried; 4xx never). */
  ALERT_ROUTER_WEBHOOK_ATTEMPTS: envInt({ min: 1, max: 20, default: 5 }),
  /** Webhook deliveries: first back-off delay, doubled per attempt. */
  ALERT_ROUTER_WEBHOOK_BACKOFF: envDuration({ min: '10ms', max: '1m', default: '500ms' }),
  /** Alerts kept by the router (rule alerts + posted alerts); more are refused (API 429) or dropped (counted). */
  ALERT_ROUTER_MAX_ALERTS: envInt({ min: 1, max: 10_000_000, default: 200_000 }),
  /** Alerts per POST /api/v2/alerts request. */
  ALERT_ROUTER_MAX_POST_ALERTS: envInt({ min: 1, max: 100_000, default: 1_000 }),
  /** Silences kept (active + pending); more are refused with 400. */
  ALERT_ROUTER_MAX_SILENCES: envInt({ min: 1, max: 1_000_000, default: 10_000 }),
  /** Groups held in the rule engine's window state. */
  ALERT_ROUTER_MAX_GROUPS: envInt({ min: 1, max: 10_000_000, default: 100_000 }),
  /** Expired silences and notification log entries are deleted this long after their end (Alertmanager: 120h). */
  ALERT_ROUTER_RETENTION: envDuration({ min: '1m', max: '365d', default: '5d' }),
  /** Resolved alerts are forgotten this long after they resolved. */
  ALERT_ROUTER_RESOLVED_RETENTION: envDuration({ min: '1m', max: '30d', default: '1h' }),
});

/** The validated alert router configuration. */
export type AlertRouterConfig = z.output<typeof alertRouterConfigSchema>;

/** Parses the configuration from `env`; throws ConfigError listing every bad variable. */
export function loadAlertRouterConfig(env: Env = process.env): AlertRouterConfig {
  return loadConfig(alertRouterConfigSchema, env);
}
