// Parses a whole routing file: Alertmanager's configuration syntax (0.25) plus Faultline's optional
// `alert_rules` section. Parsing is strict — unknown keys anywhere are errors — and every problem in
// the file is reported at once with its path. Cross-references are checked the way Alertmanager's
// Config.UnmarshalYAML does: receivers and time intervals must be defined and uniquely named, and the
// root route must have a receiver and no matchers or time intervals.
import { parseDocument } from 'yaml';
import { type TimeInterval } from '../timeinterval/time-interval.js';
import { readTimeInterval } from '../timeinterval/parse-time-interval.js';
import { ConfigError, childPath } from './config-error.js';
import { type InhibitRuleConfig, readInhibitRule } from './inhibit-rule-config.js';
import { type ReceiverConfig, readReceiver } from './receiver-config.js';
import { Issues, readDuration, readList, readMap, readString, readStrings } from './reader.js';
import { type RouteConfig, readRoute, walkRoutes } from './route-config.js';

/** A validated routing configuration. */
export interface RoutingConfig {
  /** `global.resolve_timeout` in ms (default 5m); other global keys are kept in `raw`. */
  readonly global: { readonly resolveTimeoutMs: number; readonly raw: Readonly<Record<string, unknown>> };
  /** The root route as written (see `buildRouteTree` for the effective tree). */
  readonly route: RouteConfig;
  /** All receivers, names unique. */
  readonly receivers: readonly ReceiverConfig[];
  /** Inhibition rules in file order. */
  readonly inhibitRules: readonly InhibitRuleConfig[];
  /** Named time intervals from `time_intervals` and the deprecated `mute_time_intervals`. */
  readonly timeIntervals: ReadonlyMap<string, readonly TimeInterval[]>;
  /** Template file globs, accepted and unused (Faultline sends the v4 payload, not templated text). */
  readonly templates: readonly string[];
  /**
   * Faultline's error alert rules, kept as plain data: this library only routes alerts; the rules
   * that create them are parsed by the alert-router service.
   */
  readonly alertRules?: unknown;
}

const TOP_KEYS = ['global', 'route', 'receivers', 'inhibit_rules', 'time_intervals', 'mute_time_intervals', 'templates', 'alert_rules'];
const GLOBAL_KEYS = [
  'resolve_timeout', 'http_config', 'smtp_from', 'smtp_hello', 'smtp_smarthost', 'smtp_auth_username', 'smtp_auth_password',
  'smtp_auth_password_file', 'smtp_auth_secret', 'smtp_auth_identity', 'smtp_require_tls', 'slack_api_url', 'slack_api_url_file',
  'victorops_api_key', 'victorops_api_key_file', 'victorops_api_url', 'pagerduty_url', 'opsgenie_api_url', 'opsgenie_api_key',
  'opsgenie_api_key_file', 'wechat_api_url', 'wechat_api_secret', 'wechat_api_corp_id', 'telegram_api_url', 'webex_api_url',
];
const DEFAULT_RESOLVE_TIMEOUT_MS = 5 * 60_000;

function readNamedIntervals(v: unknown, key: string, issues: Issues, into: Map<string, TimeInterval[]>): void {
  readList(v, key, issues, (e, p) => {
    const m = readMap(e, p, ['name', 'time_intervals'], issues);
    if (!m) return undefined;
    const name = readString(m['name'], childPath(p, 'name'), issues);
    if (!name) issues.add(p, 'missing name in time interval');
    else if (into.has(name)) issues.add(childPath(p, 'name'), `time interval "${name}" is not unique`);
    const list = readList(m['time_intervals'], childPath(p, 'time_intervals'), issues, (t, tp) => readTimeInterval(t, tp, issues)) ?? [];
    if (name) into.set(name, list);
    return name;
  });
}

function checkReferences(config: RoutingConfig, issues: Issues): void {
  const route = config.route;
  if (!route.receiver) issues.add('route', 'root route must specify a default receiver');
  if (route.matchers.length > 0) issues.add('route', 'root route must not have any matchers');
  if (route.continue) issues.add('route', 'cannot have continue in root route');
  if (route.muteTimeIntervals.length > 0) issues.add('route', 'root route must not have any mute time intervals');
  if (route.activeTimeIntervals.length > 0) issues.add('route', 'root route must not have any active time intervals');
  const names = new Set(config.receivers.map((r) => r.name));
  walkRoutes(route, 'route', (r, path) => {
    if (r.receiver !== undefined && !names.has(r.receiver)) issues.add(childPath(path, 'receiver'), `undefined receiver "${r.receiver}" used in route`);
    for (const ti of [...r.muteTimeIntervals, ...r.activeTimeIntervals]) {
      if (!config.timeIntervals.has(ti)) issues.add(path, `undefined time interval "${ti}" used in route`);
    }
  });
}

/** Parses and validates a routing file; throws `ConfigError` listing every problem. */
export function parseConfig(text: string): RoutingConfig {
  const issues = new Issues();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  for (const e of doc.errors) issues.add('', `YAML: ${e.message}`);
  if (issues.list.length > 0) throw new ConfigError(issues.list);
  const top = readMap(doc.toJS() ?? {}, '', TOP_KEYS, issues) ?? {};
  const global = readMap(top['global'], 'global', GLOBAL_KEYS, issues) ?? {};
  if (top['route'] === undefined || top['route'] === null) issues.add('', 'no routes provided');
  const route = readRoute(top['route'] ?? {}, 'route', issues);
  const receivers = readList(top['receivers'], 'receivers', issues, (e, p) => readReceiver(e, p, issues)) ?? [];
  const seen = new Set<string>();
  receivers.forEach((r, i) => {
    if (r.name && seen.has(r.name)) issues.add(childPath(childPath('receivers', i), 'name'), `notification config name "${r.name}" is not unique`);
    seen.add(r.name);
  });
  const timeIntervals = new Map<string, TimeInterval[]>();
  readNamedIntervals(top['mute_time_intervals'], 'mute_time_intervals', issues, timeIntervals);
  readNamedIntervals(top['time_intervals'], 'time_intervals', issues, timeIntervals);
  const config: RoutingConfig = {
    global: { resolveTimeoutMs: readDuration(global['resolve_timeout'], 'global.resolve_timeout', issues) ?? DEFAULT_RESOLVE_TIMEOUT_MS, raw: global },
    route: route ?? { groupByAll: false, matchers: [], continue: false, muteTimeIntervals: [], activeTimeIntervals: [], routes: [] },
    receivers,
    inhibitRules: readList(top['inhibit_rules'], 'inhibit_rules', issues, (e, p) => readInhibitRule(e, p, issues)) ?? [],
    timeIntervals,
    templates: readStrings(top['templates'], 'templates', issues) ?? [],
    ...(top['alert_rules'] !== undefined ? { alertRules: top['alert_rules'] } : {}),
  };
  if (route) checkReferences(config, issues);
  if (issues.list.length > 0) throw new ConfigError(issues.list);
  return config;
}
