// The group → issue links in PostgreSQL, and the claim protocol that makes "one issue per group"
// hold across redeliveries, replicas and crashes:
//   1. Before calling GitHub, a replica claims creation: it inserts the link in state `creating`
//      with a fresh claim token (the notification's idempotency key + a random suffix). The unique
//      `link_key` lets exactly one claim win; the others see `creating` and retry later.
//   2. After GitHub created the issue, the link becomes `linked` — only if the claim is still ours.
//   3. A `creating` claim older than GITHUB_CLAIM_STALE_AFTER belongs to a process that died
//      mid-call (or whose call's outcome is unknown). Whoever takes it over must first look for the
//      issue's hidden marker in the repository before creating again (see IssueSync).
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rowsOf, type Raw } from './sql.js';

/** What a link is for: a Faultline group, or an Alertmanager group of the bridge. */
export interface LinkTarget {
  readonly key: string;
  readonly kind: 'group' | 'alertmanager';
  readonly projectId: string;
  readonly groupId: string;
  readonly owner: string;
  readonly repo: string;
}

/** A link row. */
export interface LinkRow {
  linkKey: string;
  kind: 'group' | 'alertmanager';
  projectId: string;
  groupId: string;
  owner: string;
  repo: string;
  state: 'creating' | 'pending' | 'linked' | 'unlinked';
  issueNumber: number | null;
  issueUrl: string | null;
  issueState: 'open' | 'closed' | null;
  timesSeenAtComment: number;
  lastRegressionKey: string | null;
  lastResolvedKey: string | null;
}

/** The outcome of trying to claim creation. */
export type ClaimResult =
  | { kind: 'claimed'; token: string; recoverSince?: Date }
  | { kind: 'linked'; row: LinkRow }
  | { kind: 'busy'; retryMs: number };

const COLUMNS = `link_key, kind, project_id, group_id, owner, repo, state, issue_number, issue_url, issue_state,
  times_seen_at_comment, last_regression_key, last_resolved_key, claim_token,
  extract(epoch FROM claimed_at) * 1000 AS claimed_ms, extract(epoch FROM clock_timestamp() - claimed_at) * 1000 AS claim_age_ms`;

function toRow(r: Raw): LinkRow {
  return {
    linkKey: r.link_key as string, kind: r.kind as LinkRow['kind'], projectId: r.project_id as string, groupId: r.group_id as string,
    owner: r.owner as string, repo: r.repo as string, state: r.state as LinkRow['state'],
    issueNumber: r.issue_number === null ? null : Number(r.issue_number), issueUrl: (r.issue_url as string | null) ?? null,
    issueState: (r.issue_state as LinkRow['issueState']) ?? null, timesSeenAtComment: Number(r.times_seen_at_comment ?? 0),
    lastRegressionKey: (r.last_regression_key as string | null) ?? null, lastResolvedKey: (r.last_resolved_key as string | null) ?? null,
  };
}

/** Reads and changes links. */
export class LinkStore {
  constructor(private readonly ds: DataSource, private readonly staleMs: number) {}

  /** Claims creation of the target's issue, or reports that it is linked or being created. */
  async claim(t: LinkTarget, idempotencyKey: string): Promise<ClaimResult> {
    const token = `${idempotencyKey}#${randomUUID()}`;
    const inserted: Raw[] = await rowsOf(this.ds, 
      `INSERT INTO github_issue_links (link_key, kind, project_id, group_id, owner, repo, state, claim_token, claimed_at, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, 'creating', $7, clock_timestamp(), $8)
       ON CONFLICT (link_key) DO NOTHING RETURNING id`,
      [t.key, t.kind, t.projectId, t.groupId, t.owner, t.repo, token, idempotencyKey],
    );
    if (inserted.length > 0) return { kind: 'claimed', token };
    const [row] = await rowsOf(this.ds, `SELECT ${COLUMNS} FROM github_issue_links WHERE link_key = $1`, [t.key]);
    if (!row) return { kind: 'busy', retryMs: 100 };
    const state = row.state as LinkRow['state'];
    if (state === 'linked') return { kind: 'linked', row: toRow(row) };
    const age = Number(row.claim_age_ms ?? 0);
    if (state === 'creating' && age < this.staleMs) return { kind: 'busy', retryMs: Math.max(250, Math.min(2_000, Math.ceil(this.staleMs - age) + 50)) };
    // pending/unlinked: no create call can be outstanding; creating + stale: take it over.
    const taken: Raw[] = await rowsOf(this.ds, 
      `UPDATE github_issue_links SET state = 'creating', claim_token = $2, claimed_at = clock_timestamp(), idempotency_key = $3,
              owner = CASE WHEN state = 'creating' THEN owner ELSE $5 END, repo = CASE WHEN state = 'creating' THEN repo ELSE $6 END, updated_at = now()
        WHERE link_key = $1 AND state = $4 AND claim_token IS NOT DISTINCT FROM $7 RETURNING id`,
      [t.key, token, idempotencyKey, state, t.owner, t.repo, row.claim_token ?? null],
    );
    if (taken.length === 0) return { kind: 'busy', retryMs: 250 };
    if (state !== 'creating') return { kind: 'claimed', token };
    // Look back from the dead claim's time, with slack for clock skew between PostgreSQL and GitHub.
    return { kind: 'claimed', token, recoverSince: new Date(Number(row.claimed_ms) - 10 * 60_000) };
  }

  /** Refreshes a claim right before its create call; false when it is no longer ours. */
  async touch(key: string, token: string): Promise<boolean> {
    const rows: Raw[] = await rowsOf(this.ds, 
      `UPDATE github_issue_links SET claimed_at = clock_timestamp() WHERE link_key = $1 AND claim_token = $2 AND state = 'creating' RETURNING id`,
      [key, token],
    );
    return rows.length > 0;
  }

  /** Records the created (or recovered) issue; false when the claim was taken over meanwhile. */
  async complete(key: string, token: string, issue: { number: number; url: string; state: 'open' | 'closed' }, timesSeen: number): Promise<boolean> {
    const rows: Raw[] = await rowsOf(this.ds, 
      `UPDATE github_issue_links SET state = 'linked', issue_number = $3, issue_url = $4, issue_state = $5, claim_token = NULL,
              last_comment_at = clock_timestamp(), times_seen_at_comment = $6, updated_at = now()
        WHERE link_key = $1 AND claim_token = $2 RETURNING id`,
      [key, token, issue.number, issue.url, issue.state, timesSeen],
    );
    return rows.length > 0;
  }

  /**
   * Gives a claim back after a failed create. `uncertain`: GitHub may have created the issue, so
   * the claim is left `creating` but made stale at once — the next attempt recovers by marker.
   */
  async release(key: string, token: string, uncertain: boolean): Promise<void> {
    if (uncertain) {
      await rowsOf(this.ds, 
        `UPDATE github_issue_links SET claimed_at = claimed_at - make_interval(secs => $3::float8 / 1000) WHERE link_key = $1 AND claim_token = $2`,
        [key, token, this.staleMs + 1_000],
      );
    } else {
      await rowsOf(this.ds, `UPDATE github_issue_links SET state = 'pending', claim_token = NULL, updated_at = now() WHERE link_key = $1 AND claim_token = $2`, [key, token]);
    }
  }

  /**
   * Takes the comment slot of a linked issue if the last comment is at least `intervalMs` old.
   * Returns the times-seen count at the previous comment, or null when the slot is not free.
   */
  async takeCommentSlot(key: string, intervalMs: number): Promise<{ previousSeen: number; previousAt: Date | null } | null> {
    const rows: Raw[] = await rowsOf(this.ds, 
      `UPDATE github_issue_links l SET last_comment_at = clock_timestamp()
         FROM (SELECT id, last_comment_at, times_seen_at_comment FROM github_issue_links WHERE link_key = $1 FOR UPDATE) old
        WHERE l.id = old.id AND l.state = 'linked'
          AND (old.last_comment_at IS NULL OR old.last_comment_at <= clock_timestamp() - make_interval(secs => $2::float8 / 1000))
        RETURNING old.times_seen_at_comment AS seen, old.last_comment_at AS at`,
      [key, intervalMs],
    );
    if (rows.length === 0) return null;
    return { previousSeen: Number(rows[0]!.seen), previousAt: (rows[0]!.at as Date | null) ?? null };
  }

  /** Gives the comment slot back after the comment failed. */
  async returnCommentSlot(key: string, previousAt: Date | null): Promise<void> {
    await rowsOf(this.ds, `UPDATE github_issue_links SET last_comment_at = $2 WHERE link_key = $1`, [key, previousAt]);
  }

  /** Records the count the last comment reported. */
  async commented(key: string, timesSeen: number): Promise<void> {
    await rowsOf(this.ds, `UPDATE github_issue_links SET times_seen_at_comment = $2, updated_at = now() WHERE link_key = $1`, [key, timesSeen]);
  }

  /** Records what GitHub says the issue's state is, and optionally the regression/resolution handled. */
  async setIssueState(key: string, state: 'open' | 'closed', marks: { regression?: string; resolved?: string } = {}): Promise<void> {
    await rowsOf(this.ds, 
      `UPDATE github_issue_links SET issue_state = $2, last_regression_key = coalesce($3, last_regression_key),
              last_resolved_key = coalesce($4, last_resolved_key), updated_at = now() WHERE link_key = $1`,
      [key, state, marks.regression ?? null, marks.resolved ?? null],
    );
  }

  /** The link of a GitHub issue, if Faultline made it. */
  async findByIssue(owner: string, repo: string, number: number): Promise<LinkRow | null> {
    const rows: Raw[] = await rowsOf(this.ds, 
      `SELECT ${COLUMNS} FROM github_issue_links WHERE lower(owner) = lower($1) AND lower(repo) = lower($2) AND issue_number = $3 AND state = 'linked'`,
      [owner, repo, number],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The link of a target, if any. */
  async get(key: string): Promise<LinkRow | null> {
    const rows: Raw[] = await rowsOf(this.ds, `SELECT ${COLUMNS} FROM github_issue_links WHERE link_key = $1`, [key]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Forgets the issue of a link (it was deleted on GitHub); the next notification creates a new one. */
  async unlink(key: string): Promise<void> {
    await rowsOf(this.ds, `UPDATE github_issue_links SET state = 'unlinked', issue_number = NULL, issue_url = NULL, issue_state = NULL, updated_at = now() WHERE link_key = $1`, [key]);
  }
}
