// Turns alerts into GitHub issue changes: exactly one issue per link key (claim → create or
// recover → link), at most one update comment per interval, regression reopens, optional
// resolved comments, and the Alertmanager bridge's open/update/close.
import { Logger } from '@nestjs/common';
import { GitHubRequestError, GitHubThrottledError, type GitHubApi, type IssueRef, type NewIssue, type RepoRef } from '../github/github-api.js';
import type { GitHubMetrics } from '../github-metrics.js';
import type { LinkRow, LinkStore, LinkTarget } from '../links/link-store.js';
import type { EventDigest } from '../render/event-digest.js';
import { groupIssue, groupMarker, regressionComment, resolvedComment, updateComment, type AlertView } from '../render/group-issue.js';
import type { TemplateSource } from '../render/issue-template.js';
import { culpritPath, type CodeownersCache } from './codeowners.js';

/** What to do with the message that carried the alerts. */
export type SyncOutcome = { kind: 'done' } | { kind: 'retry'; delayMs: number; reason: string } | { kind: 'reject'; reason: string };

/** Settings of the sync logic. */
export interface SyncSettings {
  labels: readonly string[];
  labelLevel: boolean;
  labelEnvironment: boolean;
  codeowners: boolean;
  commentIntervalMs: number;
  commentOnResolve: boolean;
  regressionAlertnames: readonly string[];
  /** `project/group_id` whose create makes the process kill itself (crash tests only). */
  crashAfterCreate?: string;
}

/** An alert with the identity fields the sync needs. */
export interface SyncAlert extends AlertView {
  readonly fingerprint: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

/** Retry after `delayMs`: nothing failed, something is not ready yet (a claim in flight). */
export class RetryLaterError extends Error {
  constructor(readonly delayMs: number, reason: string) {
    super(reason);
  }
}

/** The issue logic shared by the notification consumer and the Alertmanager bridge. */
export class IssueSync {
  private readonly log = new Logger('IssueSync');

  constructor(
    private readonly github: GitHubApi,
    private readonly links: LinkStore,
    private readonly templates: TemplateSource,
    private readonly codeowners: CodeownersCache,
    private readonly settings: SyncSettings,
    private readonly metrics: GitHubMetrics,
    /** Reads the group's latest event for the body (stack trace, breadcrumbs, tags, browsers). */
    private readonly digests?: { read(projectId: string, groupId: string): Promise<EventDigest> },
  ) {}

  /** Handles one alert of a Faultline notification for `repo`. */
  async groupAlert(alert: SyncAlert, repo: RepoRef, idempotencyKey: string, extraLabels: readonly string[]): Promise<void> {
    const project = alert.labels.project!;
    const group = alert.labels.group_id!;
    const target: LinkTarget = { key: `group:${project}/${group}`, kind: 'group', projectId: project, groupId: group, ...repo };
    const timesSeen = Number(alert.annotations.times_seen ?? 0) || 0;
    if (alert.status !== 'firing') {
      if (!this.settings.commentOnResolve) return;
      const row = await this.links.get(target.key);
      const mark = `${alert.fingerprint}@${alert.endsAt}`;
      if (row?.state !== 'linked' || row.lastResolvedKey === mark) return;
      await this.github.comment(linkRepo(row), row.issueNumber!, resolvedComment(alert));
      await this.links.setIssueState(target.key, row.issueState ?? 'open', { resolved: mark });
      this.metrics.issues.inc({ action: 'resolved_comment' });
      return;
    }
    const { row, created } = await this.ensureIssue(target, groupMarker(project, group), timesSeen, idempotencyKey, async () => {
      const digest = (await this.digests?.read(project, group)) ?? {};
      const { title, body, truncated } = groupIssue(this.templates.group(project), alert, digest);
      if (truncated) this.metrics.truncated.inc({ kind: 'issue_body' });
      const assignees = this.settings.codeowners ? await this.codeowners.assignees(repo, culpritPath(alert.annotations.culprit)) : [];
      return { title, body, labels: this.labelsFor(alert, extraLabels), assignees };
    });
    if (created) return;
    const r = linkRepo(row);
    if (this.settings.regressionAlertnames.includes(alert.labels.alertname ?? '')) {
      const mark = `${alert.fingerprint}@${alert.startsAt}`;
      if (row.lastRegressionKey === mark) return;
      await this.github.setState(r, row.issueNumber!, 'open', 'reopened');
      await this.github.comment(r, row.issueNumber!, regressionComment(alert));
      await this.links.setIssueState(target.key, 'open', { regression: mark });
      this.metrics.issues.inc({ action: 'reopened' });
      return;
    }
    await this.commentAtMostPerInterval(row, async (previousSeen, since) => {
      await this.github.comment(r, row.issueNumber!, updateComment(alert, previousSeen, since));
      return timesSeen;
    });
  }

  /** Handles an Alertmanager group for the bridge: open on firing, update on repeat, close on resolved. */
  async alertmanagerGroup(
    target: LinkTarget,
    marker: string,
    status: 'firing' | 'resolved',
    idempotencyKey: string,
    render: () => { title: string; body: string },
    updateText: () => string,
  ): Promise<'created' | 'updated' | 'unchanged' | 'closed' | 'reopened'> {
    if (status === 'resolved') {
      const row = await this.links.get(target.key);
      if (row?.state !== 'linked' || row.issueState === 'closed') return 'unchanged';
      await this.github.comment(linkRepo(row), row.issueNumber!, `**Resolved** in Alertmanager.\n\n${updateText()}`);
      await this.github.setState(linkRepo(row), row.issueNumber!, 'closed', 'completed');
      await this.links.setIssueState(target.key, 'closed');
      this.metrics.issues.inc({ action: 'closed' });
      return 'closed';
    }
    const { row, created } = await this.ensureIssue(target, marker, 0, idempotencyKey, async () => ({ ...render(), labels: [...this.settings.labels], assignees: [] }));
    if (created) return 'created';
    if (row.issueState === 'closed') {
      await this.github.setState(linkRepo(row), row.issueNumber!, 'open', 'reopened');
      await this.github.comment(linkRepo(row), row.issueNumber!, `**Firing again** in Alertmanager.\n\n${updateText()}`);
      await this.links.setIssueState(target.key, 'open');
      this.metrics.issues.inc({ action: 'reopened' });
      return 'reopened';
    }
    const commented = await this.commentAtMostPerInterval(row, async () => {
      await this.github.comment(linkRepo(row), row.issueNumber!, `**Still firing.**\n\n${updateText()}`);
      return 0;
    });
    return commented ? 'updated' : 'unchanged';
  }

  /** Turns an error of the calls above into what to do with the message. */
  outcomeOf(error: unknown): SyncOutcome {
    if (error instanceof GitHubThrottledError) return { kind: 'retry', delayMs: error.delayMs, reason: error.message };
    if (error instanceof RetryLaterError) return { kind: 'retry', delayMs: error.delayMs, reason: error.message };
    if (error instanceof GitHubRequestError) {
      if (error.permanent) return { kind: 'reject', reason: error.message };
      return { kind: 'retry', delayMs: error.uncertain ? 1_000 : 5_000, reason: error.message };
    }
    return { kind: 'retry', delayMs: 5_000, reason: error instanceof Error ? error.message : String(error) };
  }

  private labelsFor(alert: AlertView, extra: readonly string[]): string[] {
    const labels = [...this.settings.labels, ...extra];
    if (this.settings.labelLevel && alert.labels.level) labels.push(alert.labels.level);
    if (this.settings.labelEnvironment && alert.labels.environment) labels.push(alert.labels.environment);
    return [...new Set(labels.map((l) => l.slice(0, 50)))];
  }

  private async commentAtMostPerInterval(row: LinkRow, post: (previousSeen: number, since: Date | null) => Promise<number>): Promise<boolean> {
    const slot = await this.links.takeCommentSlot(row.linkKey, this.settings.commentIntervalMs);
    if (!slot) return false;
    try {
      const seen = await post(slot.previousSeen, slot.previousAt);
      await this.links.commented(row.linkKey, seen);
      this.metrics.issues.inc({ action: 'commented' });
      return true;
    } catch (error) {
      await this.links.returnCommentSlot(row.linkKey, slot.previousAt);
      throw error;
    }
  }

  /**
   * The one issue of `target`: the linked one, or a new one created under a claim. A stale claim
   * (its process died mid-call, or the call's outcome is unknown) is first recovered by looking
   * for `marker` among the repository's recent issues with Faultline's label.
   */
  private async ensureIssue(target: LinkTarget, marker: string, timesSeen: number, idempotencyKey: string, build: () => Promise<NewIssue>): Promise<{ row: LinkRow; created: boolean }> {
    const claim = await this.links.claim(target, idempotencyKey);
    if (claim.kind === 'busy') throw new RetryLaterError(claim.retryMs, `issue of ${target.key} is being created by another attempt`);
    if (claim.kind === 'linked') return { row: claim.row, created: false };
    const repo: RepoRef = { owner: target.owner, repo: target.repo };
    let issue: IssueRef | null = null;
    let createdHere = false;
    // Until the recovery search has run, a failure leaves the claim to be recovered again.
    let searched = claim.recoverSince === undefined;
    try {
      if (claim.recoverSince) {
        issue = await this.github.findByMarker(repo, this.settings.labels[0]!, marker, claim.recoverSince);
        searched = true;
        this.metrics.recoveries.inc({ result: issue ? 'found' : 'not_found' });
        this.log.warn(`recovered stale claim of ${target.key}: ${issue ? `found #${issue.number}` : 'no issue found, creating'}`);
      }
      if (!issue) {
        const newIssue = await build();
        issue = await this.github.createIssue(repo, newIssue, async () => {
          if (!(await this.links.touch(target.key, claim.token))) throw new RetryLaterError(250, `claim of ${target.key} was taken over before the create call`);
        });
        createdHere = true;
        if (this.settings.crashAfterCreate && target.key === `group:${this.settings.crashAfterCreate}`) process.kill(process.pid, 'SIGKILL');
      }
    } catch (error) {
      // A recovery in progress, or a create whose outcome is unknown, must be recovered again.
      const uncertain = !searched || (error instanceof GitHubRequestError && error.uncertain) || !(error instanceof GitHubRequestError || error instanceof GitHubThrottledError);
      await this.links.release(target.key, claim.token, uncertain);
      throw error;
    }
    if (!(await this.links.complete(target.key, claim.token, issue, timesSeen))) {
      throw new RetryLaterError(250, `claim of ${target.key} was taken over`);
    }
    if (createdHere) this.metrics.issues.inc({ action: 'created' });
    else this.metrics.issues.inc({ action: 'linked_recovered' });
    const row = (await this.links.get(target.key))!;
    return { row, created: createdHere || claim.recoverSince !== undefined };
  }
}

function linkRepo(row: LinkRow): RepoRef {
  return { owner: row.owner, repo: row.repo };
}
