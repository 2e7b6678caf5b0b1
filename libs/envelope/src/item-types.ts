// Envelope item types and their Sentry data categories (PROTOCOLS §1.4, JS `DATA_CATEGORY_OVERRIDES`),
// needed to name categories in X-Sentry-Rate-Limits and to count client reports.

/** Item types the Sentry SDKs send (plus the reserved ones), so the gateway can tell "known but not processed" from unknown. */
export const KNOWN_ITEM_TYPES: ReadonlySet<string> = new Set([
  'event',
  'transaction',
  'session',
  'sessions',
  'client_report',
  'attachment',
  'user_report',
  'feedback',
  'check_in',
  'profile',
  'profile_chunk',
  'replay_event',
  'replay_recording',
  'replay_video',
  'span',
  'log',
  'otel_log',
  'otel_span',
  'metric',
  'trace_metric',
  'statsd',
  'metric_buckets',
  'raw_security',
  'security',
  'unreal_report',
  'form_data',
  'nel',
]);

const CATEGORY_OVERRIDES: Readonly<Record<string, string>> = {
  event: 'error',
  sessions: 'session',
  client_report: 'internal',
  user_report: 'default',
  profile_chunk: 'profile',
  replay_event: 'replay',
  replay_recording: 'replay',
  replay_video: 'replay',
  check_in: 'monitor',
  raw_security: 'security',
  nel: 'security',
  log: 'log_item',
  otel_log: 'log_item',
  otel_span: 'span',
  trace_metric: 'metric',
  metric: 'metric',
  statsd: 'metric_bucket',
  metric_buckets: 'metric_bucket',
  unreal_report: 'error',
  form_data: 'default',
};

/** The Sentry data category of an item type (`event` → `error`, `sessions` → `session`, …); unknown types → `unknown`. */
export function itemCategory(type: string): string {
  const override = CATEGORY_OVERRIDES[type];
  if (override !== undefined) return override;
  return KNOWN_ITEM_TYPES.has(type) ? type : 'unknown';
}
