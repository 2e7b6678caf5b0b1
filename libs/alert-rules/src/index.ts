// Public surface of @faultline/alert-rules: the pure error alert rule engine of issue 6. Activity
// messages in, Alertmanager alerts (libs/routing's `Alert`) out; time is always a parameter.

/** Strict parsing of the `alert_rules:` section; throws libs/routing's `ConfigError`. */
export { parseAlertRules, parseAlertRulesYaml } from './config/parse-rules.js';
/** A whole alerting file (routing + rules) and the built-in default. */
export { parseAlertingConfig, DEFAULT_ALERTING_CONFIG, type AlertingConfig } from './config/alerting-config.js';
/** Validated rule shapes and defaults. */
export { type AlertRule, type RuleFilters, type RuleType, RULE_TYPES, RULE_DEFAULTS, RESERVED_LABELS } from './config/rule-config.js';
/** The engine. */
export { AlertRuleEngine, type AlertRuleEngineOptions, type FiringRestore } from './engine.js';
/** Event details the activity message lacks (user, tags). */
export { type EventContext } from './filters.js';
/** The emitted alert and its link. */
export { type RuleAlert, DEFAULT_LINK_TEMPLATE } from './alert-builder.js';
/** Window state: snapshots for restore, bounds. */
export { type BucketSnapshot, type WindowCounts, BUCKET_MS } from './windows/group-window.js';
export { type GroupSnapshot, WindowStore, DEFAULT_MAX_GROUPS, DEFAULT_MAX_EVENT_IDS } from './windows/window-store.js';
/** Distinct counting: exact, then HyperLogLog. */
export { UserCounter, EXACT_USER_LIMIT } from './windows/user-counter.js';
export { HyperLogLog, HLL_PRECISION } from './windows/hyperloglog.js';
