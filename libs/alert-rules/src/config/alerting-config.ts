// One alerting file as the router and `faultline config check` read it: Alertmanager's routing
// section (libs/routing) plus the `alert_rules` section, both validated before either is used.
import { type RoutingConfig, parseConfig } from '@faultline/routing';
import { type AlertRule } from './rule-config.js';
import { parseAlertRules } from './parse-rules.js';

/** A validated alerting file. */
export interface AlertingConfig {
  /** The routing half. */
  readonly routing: RoutingConfig;
  /** The rules half (empty when the file has no `alert_rules`). */
  readonly rules: readonly AlertRule[];
}

/**
 * The configuration used when none is given: new issues and regressions of every project go to the
 * project's own GitHub repository, with timers short enough that the first notification comes
 * within seconds.
 */
export const DEFAULT_ALERTING_CONFIG = `# Faultline's built-in alerting configuration (used when ALERTING_CONFIG is unset).
route:
  receiver: github
  group_by: [project, group_id]
  group_wait: 2s
  group_interval: 10s
  repeat_interval: 24h
receivers:
  - name: github
    github_configs:
      - labels: [faultline]
alert_rules:
  - name: NewIssue
    type: new_issue
  - name: Regression
    type: regression
`;

/** Parses a whole alerting file; throws `ConfigError` listing the problems of the first half that has any. */
export function parseAlertingConfig(text: string): AlertingConfig {
  const routing = parseConfig(text);
  return { routing, rules: parseAlertRules(routing.alertRules) };
}
