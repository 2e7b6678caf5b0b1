// Public surface of @faultline/routing: Alertmanager's routing semantics as pure functions and state
// machines. Time is always a parameter; nothing here does I/O or keeps timers.

// Configuration: strict parsing of Alertmanager YAML (plus Faultline's github_configs and alert_rules).
/** Parses and validates a routing file; throws ConfigError. */
export { parseConfig, type RoutingConfig } from './config/parse-config.js';
/** Configuration errors with the YAML path of each issue. */
export { ConfigError, childPath, type ConfigIssue } from './config/config-error.js';
/** The strict YAML reader the configuration parsers share (every problem collected, with its path). */
export { Issues, isMap, readBool, readDuration, readList, readMap, readNumber, readString, readStringMap, readStrings } from './config/reader.js';
/** Route, receiver and inhibit rule shapes as configured. */
export type { RouteConfig } from './config/route-config.js';
export type { ReceiverConfig, WebhookConfig, GithubConfig, AlertmanagerForwardConfig } from './config/receiver-config.js';
export type { InhibitRuleConfig } from './config/inhibit-rule-config.js';
/** Prometheus duration syntax (`1h30m`) to and from milliseconds. */
export { parseDuration, formatDuration } from './config/duration.js';

// Labels and matchers.
/** Label sets, Go-compatible ordering and printing. */
export { type LabelSet, formatLabelSet, goQuote, isValidLabelName, withoutEmptyLabels, compareGo } from './labels/label-set.js';
/** Alertmanager's alert fingerprint (FNV-1a 64 over sorted labels), 16 hex digits. */
export { fingerprint } from './labels/fingerprint.js';
/** Matchers: compiled, printed and sorted like Alertmanager. */
export { Matcher, type MatchType, type Matchers, matchesAll, sortMatchers, formatMatchers } from './labels/matcher.js';
/** The 0.25 matcher grammar (`foo="bar"`, `{a=~"b|c"}`). */
export { parseMatcher, parseMatchers, MatcherParseError } from './labels/parse.js';
/** Go RE2 → JavaScript RegExp, anchored like Alertmanager. */
export { compileGoRegex, RegexSyntaxError } from './labels/go-regex.js';

// Dispatch: route tree, groups, timers.
/** The effective route tree with inheritance and Alertmanager's matching order. */
export { Route, type RouteOpts, buildRouteTree, DEFAULT_ROUTE_TIMERS } from './dispatch/route.js';
/** The route tree printed like `amtool config routes`. */
export { formatRouteTree } from './dispatch/format-route-tree.js';
/** Group keys in Alertmanager's format. */
export { groupKey } from './dispatch/group-key.js';
/** The alert as the dispatcher holds it, and its ordering. */
export { type Alert, isResolvedAt, alertFingerprint, compareAlerts } from './dispatch/alert.js';
/** Aggregation groups as a pure timer state machine. */
export { AggregationGroup, type GroupFlush } from './dispatch/aggregation-group.js';
/** Routes alerts into groups and reports due flushes. */
export { Dispatcher } from './dispatch/dispatcher.js';

// Muting.
/** The muting interface shared by inhibitor, silencer and time intervals. */
export { type Muter, anyMuter } from './muter.js';
/** Inhibition rules over the alerts fed to it. */
export { Inhibitor } from './inhibit/inhibitor.js';
/** Silences and their states. */
export { type Silence, type SilenceState, Silencer, silenceState, validateSilence } from './silence/silence.js';
/** Time intervals and the route-level mute/active stage. */
export { type TimeInterval, type IntRange, containsTime, inTimeIntervals } from './timeinterval/time-interval.js';
export { TimeMuter } from './timeinterval/time-muter.js';

// Notification.
/** The dedup stage and notification log entries. */
export { dedup, logEntry, alertsToSend, type NotificationLogEntry, type NotificationReason, type DedupDecision } from './notify/dedup.js';
/** The webhook v4 payload as a Notification message. */
export { buildWebhookPayload, quoteMeta, GO_ZERO_TIME, type WebhookPayloadInput } from './notify/webhook-payload.js';
