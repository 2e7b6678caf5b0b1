// The Alertmanager bridge: any Prometheus Alertmanager's webhook v4 payload files, updates and
// closes one GitHub issue per alert group (receiver + groupKey), with the same claim protocol as
// Faultline's own groups. A rate limit answers 503 with Retry-After: Alertmanager retries.
import { createHash } from 'node:crypto';
import { parseRepo, type RepoRef } from '../github/github-api.js';
import type { GitHubMetrics } from '../github-metrics.js';
import { fitBody, issueTitle, renderTemplate, type TemplateSource } from '../render/issue-template.js';
import type { IssueSync } from '../sync/issue-sync.js';

interface AmAlert {
  status?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

interface AmPayload {
  version?: string;
  groupKey?: string;
  status?: string;
  receiver?: string;
  groupLabels?: Record<string, string>;
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  externalURL?: string;
  alerts?: AmAlert[];
}

/** An HTTP answer. */
export interface BridgeReply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The marker of a bridged Alertmanager group's issue. */
export function alertmanagerMarker(hash: string): string {
  return `<!-- faultline:alertmanager=${hash} -->`;
}

function alertTable(alerts: AmAlert[]): string {
  const rows = alerts.slice(0, 50).map((a) => {
    const labels = Object.entries(a.labels ?? {}).map(([k, v]) => `\`${k}=${v}\``).join(' ');
    const summary = a.annotations?.summary ?? a.annotations?.description ?? '';
    return `| ${a.status ?? ''} | ${labels} | ${summary.replace(/\|/g, '\\|').replace(/\n/g, ' ')} | ${a.startsAt ?? ''} |`;
  });
  const more = alerts.length > 50 ? `\n\n_…and ${alerts.length - 50} more alerts._` : '';
  return `| Status | Labels | Summary | Since |\n|---|---|---|---|\n${rows.join('\n')}${more}`;
}

/** Validates and handles Alertmanager webhook payloads. */
export class AlertmanagerBridge {
  constructor(
    private readonly sync: IssueSync,
    private readonly templates: TemplateSource,
    private readonly repoLabel: string,
    private readonly defaultRepo: string | undefined,
    private readonly metrics: GitHubMetrics,
  ) {}

  /** Handles one POST body. */
  async handle(body: Buffer | undefined): Promise<BridgeReply> {
    let p: AmPayload;
    try {
      p = JSON.parse((body ?? Buffer.alloc(0)).toString('utf8')) as AmPayload;
    } catch {
      return { status: 400, body: { detail: 'body is not JSON' } };
    }
    const problems: string[] = [];
    if (p.version !== '4') problems.push(`version must be "4" (got ${JSON.stringify(p.version)})`);
    if (typeof p.groupKey !== 'string' || p.groupKey === '') problems.push('groupKey is required');
    if (p.status !== 'firing' && p.status !== 'resolved') problems.push('status must be "firing" or "resolved"');
    if (!Array.isArray(p.alerts)) problems.push('alerts must be an array');
    if (problems.length > 0) return { status: 400, body: { detail: `not an Alertmanager webhook v4 payload: ${problems.join('; ')}` } };
    const label = p.commonLabels?.[this.repoLabel] ?? p.groupLabels?.[this.repoLabel];
    let repo: RepoRef;
    try {
      repo = parseRepo(label ?? this.defaultRepo ?? '');
    } catch {
      return { status: 422, body: { detail: `no repository: set the ${this.repoLabel} label on the alerts (owner/repo) or GITHUB_REPOSITORY` } };
    }
    const hash = createHash('sha256').update(`${p.receiver ?? ''}\0${p.groupKey}`).digest('hex').slice(0, 32);
    const idem = createHash('sha256').update(body!).digest('hex').slice(0, 32);
    const title = issueTitle(`[${p.commonLabels?.alertname ?? 'alert'}] ${p.commonAnnotations?.summary ?? Object.entries(p.groupLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    const values = { title, group_key: p.groupKey!, receiver: p.receiver ?? '', status: p.status!, alerts: alertTable(p.alerts!), link: p.externalURL ?? '' };
    try {
      const result = await this.sync.alertmanagerGroup(
        { key: `alertmanager:${hash}`, kind: 'alertmanager', projectId: '', groupId: '', ...repo },
        alertmanagerMarker(hash),
        p.status as 'firing' | 'resolved',
        idem,
        () => ({ title, body: fitBody(renderTemplate(this.templates.alertmanager(), values), alertmanagerMarker(hash)).text }),
        () => fitBody(alertTable(p.alerts!)).text,
      );
      return { status: 200, body: { result } };
    } catch (error) {
      const outcome = this.sync.outcomeOf(error);
      if (outcome.kind === 'reject') return { status: 422, body: { detail: outcome.reason } };
      this.metrics.throttled.inc({ reason: 'bridge_retry' });
      return { status: 503, body: { detail: outcome.kind === 'retry' ? outcome.reason : 'retry' }, headers: { 'retry-after': String(Math.ceil((outcome.kind === 'retry' ? outcome.delayMs : 5_000) / 1000)) } };
    }
  }
}
