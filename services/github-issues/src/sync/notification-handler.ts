// Handles one notify.github message: every alert of the Alertmanager-style notification, each a
// Faultline group. The message is acknowledged only when every alert's issue work is done; a rate
// limit or a claim held elsewhere naks it with the delay to wait (never dropped).
import { Logger } from '@nestjs/common';
import { timestampDate, type Notification } from '@faultline/contracts';
import type { GitHubMetrics } from '../github-metrics.js';
import type { IssueSync, SyncAlert, SyncOutcome } from './issue-sync.js';
import type { RepoResolver } from './repo-resolver.js';

/** Headers alert-router sets on notify.github messages (per-receiver github_configs). */
export interface NotificationHeaders {
  readonly idempotencyKey: string;
  readonly repo?: string;
  readonly labels?: readonly string[];
}

const iso = (t: Parameters<typeof timestampDate>[0] | undefined) => (t ? timestampDate(t).toISOString() : '');

/** Turns a Notification into per-alert issue work. */
export class NotificationHandler {
  private readonly log = new Logger('NotificationHandler');

  constructor(
    private readonly sync: IssueSync,
    private readonly repos: RepoResolver,
    private readonly metrics: GitHubMetrics,
  ) {}

  /** Handles the whole notification; the outcome decides ack, nak with delay or dead letter. */
  async handle(n: Notification, h: NotificationHeaders): Promise<SyncOutcome> {
    let retry: { delayMs: number; reason: string } | undefined;
    let rejected: string | undefined;
    for (const a of n.alerts) {
      const labels = { ...n.commonLabels, ...a.labels };
      const project = labels.project;
      const group = labels.group_id;
      if (!project || !group) {
        this.metrics.notifications.inc({ result: 'skipped' });
        this.log.warn(`alert ${a.fingerprint} of ${n.groupKey} has no project/group_id labels; skipped`);
        continue;
      }
      try {
        // A lookup that fails (PostgreSQL unreachable) throws RetryLaterError: the message waits, it is not dead-lettered.
        const repo = await this.repos.forProject(project, h.repo);
        if (!repo) {
          this.metrics.notifications.inc({ result: 'rejected' });
          rejected = `no repository configured for project ${project} (set GITHUB_REPOSITORY or GITHUB_PROJECT_REPOSITORIES)`;
          continue;
        }
        const alert: SyncAlert = {
          labels,
          annotations: { ...n.commonAnnotations, ...a.annotations },
          status: a.status,
          generatorURL: a.generatorUrl,
          fingerprint: a.fingerprint,
          startsAt: iso(a.startsAt),
          endsAt: iso(a.endsAt),
        };
        await this.sync.groupAlert(alert, repo, `${h.idempotencyKey}/${a.fingerprint}`, h.labels ?? []);
        this.metrics.notifications.inc({ result: 'done' });
      } catch (error) {
        const outcome = this.sync.outcomeOf(error);
        if (outcome.kind === 'retry') {
          this.metrics.notifications.inc({ result: 'retry' });
          // Wait for the longest delay any alert needs; the others' work is already recorded.
          if (!retry || outcome.delayMs > retry.delayMs) retry = { delayMs: outcome.delayMs, reason: outcome.reason };
        } else if (outcome.kind === 'reject') {
          this.metrics.notifications.inc({ result: 'rejected' });
          rejected = outcome.reason;
        }
      }
    }
    if (retry) return { kind: 'retry', ...retry };
    if (rejected) return { kind: 'reject', reason: rejected };
    return { kind: 'done' };
  }
}
