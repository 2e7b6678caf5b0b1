// Receivers: a name plus integration configs. Webhook and Faultline's own GitHub receiver are parsed
// because the router executes them; every other Alertmanager integration is kept as opaque data so an
// existing Alertmanager file still loads (its receivers simply have no Faultline integration yet).
import { childPath } from './config-error.js';
import { Issues, isMap, readBool, readDuration, readList, readMap, readString, readStrings } from './reader.js';

/** A `webhook_configs` entry. */
export interface WebhookConfig {
  /** Target URL (absent when `url_file` is used). */
  readonly url?: string;
  /** File holding the URL, read by the service, never by this library. */
  readonly urlFile?: string;
  /** Whether resolved notifications are sent (default true). */
  readonly sendResolved: boolean;
  /** Maximum alerts per payload, 0 = all. */
  readonly maxAlerts: number;
  /** Per-request timeout in ms, 0 = none. */
  readonly timeoutMs: number;
  /** `http_config`, opaque. */
  readonly httpConfig?: unknown;
}

/** Faultline's `github_configs` entry: open issues in one repository. */
export interface GithubConfig {
  /** `owner/name`; empty means the repository configured for the alert's project. */
  readonly repo: string;
  /** Labels put on every created issue. */
  readonly labels: readonly string[];
  /** Whether resolved notifications are sent (default true). */
  readonly sendResolved: boolean;
}

/** Faultline's `alertmanager_configs` entry: forward alerts to an external Alertmanager. */
export interface AlertmanagerForwardConfig {
  /** Base URL of the Alertmanager; alerts go to `<url>/api/v2/alerts`. */
  readonly url: string;
  /** Whether resolved alerts are forwarded (default true). */
  readonly sendResolved: boolean;
  /** Per-request timeout in ms, 0 = none. */
  readonly timeoutMs: number;
}

/** One receiver. */
export interface ReceiverConfig {
  /** Unique name routes refer to. */
  readonly name: string;
  /** Parsed webhook integrations. */
  readonly webhookConfigs: readonly WebhookConfig[];
  /** Parsed GitHub integrations. */
  readonly githubConfigs: readonly GithubConfig[];
  /** Parsed forwards to external Alertmanagers. */
  readonly alertmanagerConfigs: readonly AlertmanagerForwardConfig[];
  /** Other Alertmanager integrations (`slack_configs`, …), kept verbatim. */
  readonly otherConfigs: Readonly<Record<string, unknown>>;
}

/** Alertmanager integrations accepted as opaque data (0.25's list plus later additions). */
export const OPAQUE_INTEGRATIONS = [
  'email_configs', 'pagerduty_configs', 'slack_configs', 'opsgenie_configs', 'wechat_configs', 'pushover_configs',
  'victorops_configs', 'sns_configs', 'telegram_configs', 'discord_configs', 'webex_configs', 'msteams_configs',
  'msteamsv2_configs', 'jira_configs', 'rocketchat_configs',
] as const;

function readWebhook(v: unknown, path: string, issues: Issues): WebhookConfig | undefined {
  const m = readMap(v, path, ['url', 'url_file', 'send_resolved', 'max_alerts', 'timeout', 'http_config'], issues);
  if (!m) return undefined;
  const url = readString(m['url'], childPath(path, 'url'), issues);
  const urlFile = readString(m['url_file'], childPath(path, 'url_file'), issues);
  if (url === undefined && urlFile === undefined) issues.add(path, 'one of url or url_file must be configured');
  if (url !== undefined && urlFile !== undefined) issues.add(path, 'at most one of url & url_file must be configured');
  if (url !== undefined && !/^https?:\/\/[^/]/i.test(url)) issues.add(childPath(path, 'url'), `unsupported scheme or invalid URL "${url}"`);
  const maxAlerts = m['max_alerts'] ?? 0;
  if (typeof maxAlerts !== 'number' || !Number.isInteger(maxAlerts) || maxAlerts < 0) {
    issues.add(childPath(path, 'max_alerts'), 'expected a non-negative integer');
  }
  return {
    ...(url !== undefined ? { url } : {}),
    ...(urlFile !== undefined ? { urlFile } : {}),
    sendResolved: readBool(m['send_resolved'], childPath(path, 'send_resolved'), issues) ?? true,
    maxAlerts: typeof maxAlerts === 'number' ? maxAlerts : 0,
    timeoutMs: readDuration(m['timeout'], childPath(path, 'timeout'), issues) ?? 0,
    ...(m['http_config'] !== undefined ? { httpConfig: m['http_config'] } : {}),
  };
}

function readGithub(v: unknown, path: string, issues: Issues): GithubConfig | undefined {
  const m = readMap(v, path, ['repo', 'labels', 'send_resolved'], issues);
  if (!m) return undefined;
  const repo = readString(m['repo'], childPath(path, 'repo'), issues);
  if (repo !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) issues.add(childPath(path, 'repo'), `repo must be owner/name, got "${repo}"`);
  return {
    repo: repo ?? '',
    labels: readStrings(m['labels'], childPath(path, 'labels'), issues) ?? [],
    sendResolved: readBool(m['send_resolved'], childPath(path, 'send_resolved'), issues) ?? true,
  };
}

function readAlertmanager(v: unknown, path: string, issues: Issues): AlertmanagerForwardConfig | undefined {
  const m = readMap(v, path, ['url', 'send_resolved', 'timeout'], issues);
  if (!m) return undefined;
  const url = readString(m['url'], childPath(path, 'url'), issues);
  if (url === undefined) issues.add(path, 'missing url');
  else if (!/^https?:\/\/[^/]/i.test(url)) issues.add(childPath(path, 'url'), `unsupported scheme or invalid URL "${url}"`);
  return {
    url: (url ?? '').replace(/\/+$/, ''),
    sendResolved: readBool(m['send_resolved'], childPath(path, 'send_resolved'), issues) ?? true,
    timeoutMs: readDuration(m['timeout'], childPath(path, 'timeout'), issues) ?? 0,
  };
}

/** Reads one receiver at `path`. */
export function readReceiver(v: unknown, path: string, issues: Issues): ReceiverConfig | undefined {
  const m = readMap(v, path, ['name', 'webhook_configs', 'github_configs', 'alertmanager_configs', ...OPAQUE_INTEGRATIONS], issues);
  if (!m) return undefined;
  const name = readString(m['name'], childPath(path, 'name'), issues);
  if (!name) issues.add(path, 'missing name in receiver');
  const otherConfigs: Record<string, unknown> = {};
  for (const key of OPAQUE_INTEGRATIONS) {
    const list = m[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || !list.every(isMap)) issues.add(childPath(path, key), 'expected a list of mappings');
    else otherConfigs[key] = list;
  }
  return {
    name: name ?? '',
    webhookConfigs: readList(m['webhook_configs'], childPath(path, 'webhook_configs'), issues, (e, p) => readWebhook(e, p, issues)) ?? [],
    githubConfigs: readList(m['github_configs'], childPath(path, 'github_configs'), issues, (e, p) => readGithub(e, p, issues)) ?? [],
    alertmanagerConfigs: readList(m['alertmanager_configs'], childPath(path, 'alertmanager_configs'), issues, (e, p) => readAlertmanager(e, p, issues)) ?? [],
    otherConfigs,
  };
}
