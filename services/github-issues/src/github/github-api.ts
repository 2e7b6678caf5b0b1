// The one interface the service uses to talk to GitHub, so the issue logic is the same for the
// real API (App or token), a fake in tests, and dry-run mode.

/** A repository. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** An issue as far as the service needs it. */
export interface IssueRef {
  readonly number: number;
  readonly url: string;
  readonly state: 'open' | 'closed';
}

/** Fields of a new issue. */
export interface NewIssue {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

/** The GitHub operations the service performs. */
export interface GitHubApi {
  /** `app`, `token` or `dry-run`, for logs and /readyz. */
  readonly mode: 'app' | 'token' | 'dry-run';
  /**
   * Creates an issue. `beforeSend` runs after any wait for a request slot, right before the
   * request goes out (the claim is refreshed there, so its age measures only the call itself).
   */
  createIssue(repo: RepoRef, issue: NewIssue, beforeSend?: () => Promise<void>): Promise<IssueRef>;
  setState(repo: RepoRef, number: number, state: 'open' | 'closed', reason: 'completed' | 'not_planned' | 'reopened'): Promise<void>;
  comment(repo: RepoRef, number: number, body: string): Promise<void>;
  /**
   * Finds the issue carrying `marker` in its body among the issues with `label` updated since
   * `since`, newest first (the list API, which is consistent; search is not).
   */
  findByMarker(repo: RepoRef, label: string, marker: string, since: Date): Promise<IssueRef | null>;
  /** A file of the repository's default branch, or null when it does not exist. */
  readFile(repo: RepoRef, path: string): Promise<string | null>;
}

/** GitHub cannot take the request now (rate limit, secondary limit, our own write budget); nothing was done. */
export class GitHubThrottledError extends Error {
  constructor(readonly delayMs: number, readonly reason: string) {
    super(`GitHub throttled (${reason}); retry in ${Math.ceil(delayMs / 1000)} s`);
    this.name = 'GitHubThrottledError';
  }
}

/**
 * A request failed. `uncertain` means GitHub may have carried it out anyway (a 5xx, a timeout or a
 * dropped connection on a request that is not idempotent).
 */
export class GitHubRequestError extends Error {
  constructor(readonly status: number, message: string, readonly uncertain: boolean) {
    super(message);
    this.name = 'GitHubRequestError';
  }

  /** A 4xx other than rate limits: retrying the same request will not help. */
  get permanent(): boolean {
    return !this.uncertain && this.status >= 400 && this.status < 500 && this.status !== 408;
  }
}

/** Splits `owner/repo`. */
export function parseRepo(text: string): RepoRef {
  const [owner, repo] = text.split('/');
  if (!owner || !repo) throw new Error(`"${text}" is not owner/repo`);
  return { owner, repo };
}
