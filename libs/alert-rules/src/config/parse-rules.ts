// Strict parsing of the `alert_rules:` section of the routing file. libs/routing keeps that section
// as opaque data (`parseConfig(...).alertRules`); this is where it gets its meaning. Like the
// Alertmanager half, unknown keys are errors and every problem is reported at once with its path.
import { ConfigError, isValidLabelName } from '@faultline/routing';
import { parseDocument } from 'yaml';
import { compileGlob } from './glob.js';
import { Issues, childPath, isMap, readMap, readNumber, readString, readStringMap } from '@faultline/routing';
import { readFilterStrings as readStrings, readPositiveDuration as readDuration } from './reader.js';
import { type AlertRule, type RuleFilters, type RuleType, RESERVED_LABELS, RULE_DEFAULTS, RULE_TYPES } from './rule-config.js';

const RULE_KEYS = [
  'name', 'type', 'projects', 'filters', 'threshold', 'window', 'factor', 'baseline_window', 'hold',
  'action_interval', 'severity', 'labels', 'annotations',
];
const FILTER_KEYS = ['level', 'environment', 'release', 'tags'];
// Keys that only make sense for some types; elsewhere they would be silently ignored, so they are errors.
const ONLY_FOR: Record<string, readonly RuleType[]> = {
  threshold: ['frequency', 'users', 'spike'],
  window: ['frequency', 'users', 'spike'],
  factor: ['spike'],
  baseline_window: ['spike'],
  hold: ['new_issue', 'regression'],
};

function readFilters(v: unknown, path: string, issues: Issues): RuleFilters {
  const m = readMap(v, path, FILTER_KEYS, issues) ?? {};
  const level = readStrings(m['level'], childPath(path, 'level'), issues);
  const environment = readStrings(m['environment'], childPath(path, 'environment'), issues);
  const release = readStrings(m['release'], childPath(path, 'release'), issues);
  const tags = readStringMap(m['tags'], childPath(path, 'tags'), issues);
  return {
    ...(level ? { level } : {}),
    ...(environment ? { environment } : {}),
    ...(release ? { release: release.map(compileGlob) } : {}),
    ...(tags ? { tags: Object.fromEntries(Object.entries(tags).map(([k, g]) => [k, compileGlob(g)])) } : {}),
  };
}

function readLabels(v: unknown, path: string, issues: Issues): Record<string, string> {
  const labels = readStringMap(v, path, issues) ?? {};
  for (const name of Object.keys(labels)) {
    if (!isValidLabelName(name)) issues.add(childPath(path, name), `invalid label name "${name}"`);
    else if (RESERVED_LABELS.includes(name)) issues.add(childPath(path, name), `label "${name}" is set by the engine`);
  }
  return labels;
}

function readRule(v: unknown, path: string, issues: Issues): AlertRule | undefined {
  const m = readMap(v, path, RULE_KEYS, issues);
  if (!m) {
    if (v === undefined || v === null) issues.add(path, 'expected a mapping');
    return undefined;
  }
  const name = readString(m['name'], childPath(path, 'name'), issues);
  if (!name) issues.add(childPath(path, 'name'), 'required');
  const typeText = readString(m['type'], childPath(path, 'type'), issues);
  const type = RULE_TYPES.find((t) => t === typeText);
  if (typeText === undefined) issues.add(childPath(path, 'type'), 'required');
  else if (!type) issues.add(childPath(path, 'type'), `unknown rule type "${typeText}" (one of ${RULE_TYPES.join(', ')})`);
  for (const [key, types] of Object.entries(ONLY_FOR)) {
    if (type && m[key] !== undefined && !types.includes(type)) issues.add(childPath(path, key), `not allowed for type ${type}`);
  }
  const threshold = readNumber(m['threshold'], childPath(path, 'threshold'), issues, type === 'spike' ? 1 : 0, true);
  if (threshold === undefined && (type === 'frequency' || type === 'users')) issues.add(childPath(path, 'threshold'), `required for type ${type}`);
  const factor = readNumber(m['factor'], childPath(path, 'factor'), issues, 1, false);
  if (factor === undefined && type === 'spike') issues.add(childPath(path, 'factor'), 'required for type spike');
  const projects = readStrings(m['projects'], childPath(path, 'projects'), issues);
  const holdMs = readDuration(m['hold'], childPath(path, 'hold'), issues);
  const baselineWindowMs = readDuration(m['baseline_window'], childPath(path, 'baseline_window'), issues);
  const rule: AlertRule = {
    name: name ?? '',
    type: type ?? 'new_issue',
    ...(projects ? { projects } : {}),
    filters: readFilters(m['filters'], childPath(path, 'filters'), issues),
    windowMs: readDuration(m['window'], childPath(path, 'window'), issues) ?? RULE_DEFAULTS.windowMs,
    actionIntervalMs: readDuration(m['action_interval'], childPath(path, 'action_interval'), issues) ?? RULE_DEFAULTS.actionIntervalMs,
    severity: readString(m['severity'], childPath(path, 'severity'), issues) ?? RULE_DEFAULTS.severity,
    labels: readLabels(m['labels'], childPath(path, 'labels'), issues),
    annotations: readStringMap(m['annotations'], childPath(path, 'annotations'), issues) ?? {},
  };
  if (type === 'spike') {
    return { ...rule, threshold: threshold ?? RULE_DEFAULTS.spikeMinEvents, factor: factor ?? 1, baselineWindowMs: baselineWindowMs ?? RULE_DEFAULTS.baselineWindowMs };
  }
  if (type === 'new_issue' || type === 'regression') return { ...rule, holdMs: holdMs ?? RULE_DEFAULTS.holdMs };
  return threshold !== undefined ? { ...rule, threshold } : rule;
}

/** Validates the `alert_rules` value (as `parseConfig(...).alertRules` hands it over); throws `ConfigError`. */
export function parseAlertRules(value: unknown, path = 'alert_rules'): AlertRule[] {
  const issues = new Issues();
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ConfigError([{ path, message: 'expected a list of rules' }]);
  const rules = value.flatMap((v, i) => readRule(v, childPath(path, i), issues) ?? []);
  const seen = new Set<string>();
  value.forEach((v, i) => {
    const name = isMap(v) ? v['name'] : undefined;
    if (typeof name !== 'string' || name === '') return;
    if (seen.has(name)) issues.add(childPath(childPath(path, i), 'name'), `rule name "${name}" is not unique`);
    seen.add(name);
  });
  if (issues.list.length > 0) throw new ConfigError(issues.list);
  return rules;
}

/** Parses the `alert_rules` section out of a whole routing file's YAML text (other keys are ignored). */
export function parseAlertRulesYaml(text: string): AlertRule[] {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new ConfigError(doc.errors.map((e) => ({ path: '', message: `YAML: ${e.message}` })));
  const top: unknown = doc.toJS();
  return parseAlertRules(isMap(top) ? top['alert_rules'] : undefined);
}
