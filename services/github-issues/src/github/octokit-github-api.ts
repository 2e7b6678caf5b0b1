// GitHubApi over Octokit: a GitHub App (@octokit/app: app JWT, installation per repository owner
// or GITHUB_INSTALLATION_ID, installation tokens cached and refreshed by @octokit/auth-app) or a
// plain token. Rate limiting is written once here instead of @octokit/plugin-throttling, because
// its in-process Bottleneck queues would hold messages past their ack wait and cannot be shared
// by replicas: every request first gets a slot from the PostgreSQL-backed WriteLimiter; a 403/429
// rate-limit answer blocks the installation until GitHub's `retry-after` / `x-ratelimit-reset`
// (secondary limits without one back off exponentially); idempotent requests are retried on 5xx.
import { App } from '@octokit/app';
import { Octokit } from '@octokit/core';
import { GitHubRequestError, GitHubThrottledError, type GitHubApi, type IssueRef, type NewIssue, type RepoRef } from './github-api.js';
import type { WriteLimiter } from './write-limiter.js';
import type { GitHubMetrics } from '../github-metrics.js';

/** How to authenticate. */
export type GitHubAuth =
  | { kind: 'app'; appId: string; privateKey: string; installationId?: number }
  | { kind: 'token'; token: string };

/** Settings of the client. */
export interface OctokitApiOptions {
  baseUrl: string;
  auth: GitHubAuth;
  requestTimeoutMs: number;
  retries: number;
  /** First retry delay of idempotent requests; doubles per retry. */
  retryBaseMs?: number;
}

interface Client {
  octokit: Octokit;
  /** The rate-limit scope: `installation:<id>` or `token`. */
  scope: string;
}

interface ResponseError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real GitHub (or anything speaking its REST API at `baseUrl`). */
export class OctokitGitHubApi implements GitHubApi {
  readonly mode: 'app' | 'token';
  private readonly app?: App;
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(
    private readonly options: OctokitApiOptions,
    private readonly limiter: WriteLimiter,
    private readonly metrics?: GitHubMetrics,
  ) {
    this.mode = options.auth.kind;
    const Base = Octokit.defaults({ baseUrl: options.baseUrl, userAgent: 'faultline-github-issues' });
    if (options.auth.kind === 'app') this.app = new App({ appId: options.auth.appId, privateKey: options.auth.privateKey, Octokit: Base });
  }

  async createIssue(r: RepoRef, issue: NewIssue, beforeSend?: () => Promise<void>): Promise<IssueRef> {
    const data = await this.call(r, 'issues.create', 'write', (o, signal) =>
      o.request('POST /repos/{owner}/{repo}/issues', { owner: r.owner, repo: r.repo, title: issue.title, body: issue.body, labels: [...issue.labels], assignees: [...issue.assignees], request: { signal } }),
    beforeSend);
    return { number: data.data.number, url: data.data.html_url, state: data.data.state === 'closed' ? 'closed' : 'open' };
  }

  async setState(r: RepoRef, number: number, state: 'open' | 'closed', reason: 'completed' | 'not_planned' | 'reopened'): Promise<void> {
    await this.call(r, 'issues.update', 'idempotent-write', (o, signal) =>
      o.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: r.owner, repo: r.repo, issue_number: number, state, state_reason: reason, request: { signal } }),
    );
  }

  async comment(r: RepoRef, number: number, body: string): Promise<void> {
    await this.call(r, 'issues.createComment', 'write', (o, signal) =>
      o.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: r.owner, repo: r.repo, issue_number: number, body, request: { signal } }),
    );
  }

  async findByMarker(r: RepoRef, label: string, marker: string, since: Date): Promise<IssueRef | null> {
    for (let page = 1; page <= 20; page++) {
      const res = await this.call(r, 'issues.listForRepo', 'read', (o, signal) =>
        o.request('GET /repos/{owner}/{repo}/issues', {
          owner: r.owner, repo: r.repo, labels: label, state: 'all', sort: 'created', direction: 'desc', since: since.toISOString(), per_page: 100, page, request: { signal },
        }),
      );
      for (const i of res.data) {
        if (i.body?.includes(marker)) return { number: i.number, url: i.html_url, state: i.state === 'closed' ? 'closed' : 'open' };
      }
      const oldest = res.data.at(-1);
      if (res.data.length < 100 || (oldest && Date.parse(oldest.created_at) < since.getTime())) return null;
    }
    return null;
  }

  async readFile(r: RepoRef, path: string): Promise<string | null> {
    try {
      const res = await this.call(r, 'repos.getContent', 'read', (o, signal) =>
        o.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: r.owner, repo: r.repo, path, request: { signal } }),
      );
      const d = res.data as { type?: string; content?: string; encoding?: string };
      return d.type === 'file' && d.content ? Buffer.from(d.content, (d.encoding as BufferEncoding) ?? 'base64').toString('utf8') : null;
    } catch (error) {
      if (error instanceof GitHubRequestError && error.status === 404) return null;
      throw error;
    }
  }

  private client(r: RepoRef): Promise<Client> {
    const key = this.options.auth.kind === 'app' && !this.options.auth.installationId ? r.owner.toLowerCase() : '*';
    let client = this.clients.get(key);
    if (!client) {
      client = this.makeClient(r);
      this.clients.set(key, client);
      // A failed lookup (no installation yet, GitHub down) is tried again next time.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  private async makeClient(r: RepoRef): Promise<Client> {
    const auth = this.options.auth;
    if (auth.kind === 'token') return { octokit: new (Octokit.defaults({ baseUrl: this.options.baseUrl }))({ auth: auth.token }), scope: 'token' };
    let id = auth.installationId;
    if (!id) {
      const res = await this.send('apps.getRepoInstallation', () => this.app!.octokit.request('GET /repos/{owner}/{repo}/installation', { owner: r.owner, repo: r.repo }));
      id = res.data.id;
    }
    return { octokit: (await this.app!.getInstallationOctokit(id)) as unknown as Octokit, scope: `installation:${id}` };
  }

  private async call<T>(
    r: RepoRef,
    operation: string,
    kind: 'read' | 'write' | 'idempotent-write',
    fn: (o: Octokit, signal: AbortSignal) => Promise<T>,
    beforeSend?: () => Promise<void>,
  ): Promise<T> {
    const client = await this.client(r);
    const isWrite = kind !== 'read';
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire(client.scope, isWrite);
      await beforeSend?.();
      try {
        const result = await this.send(operation, () => fn(client.octokit, AbortSignal.timeout(this.options.requestTimeoutMs)));
        if (isWrite) await this.limiter.succeeded(client.scope);
        return result;
      } catch (error) {
        const e = error as ResponseError;
        const status = typeof e.status === 'number' ? e.status : 0;
        const headers = e.response?.headers ?? {};
        if (status === 403 || status === 429) {
          const wait = this.rateLimitWait(status, e.message ?? '', headers);
          if (wait !== undefined) {
            const ms = await this.limiter.block(client.scope, wait.ms, wait.reason);
            throw new GitHubThrottledError(ms, wait.reason);
          }
        }
        const transient = status === 0 || status >= 500;
        if (transient && kind !== 'write' && attempt < this.options.retries) {
          await sleep((this.options.retryBaseMs ?? 500) * 2 ** attempt);
          continue;
        }
        throw new GitHubRequestError(status, `${operation} on ${r.owner}/${r.repo} failed: ${status || 'no response'} ${e.message ?? ''}`.trim(), transient && kind === 'write');
      }
    }
  }

  // What GitHub's answer says about waiting: retry-after wins, then an exhausted primary limit's
  // reset, then the secondary-limit message (exponential back-off from GITHUB_SECONDARY_BACKOFF).
  private rateLimitWait(status: number, message: string, h: Record<string, string | undefined>): { ms: number | 'secondary'; reason: string } | undefined {
    const secondary = /secondary rate/i.test(message);
    const reason = secondary || status === 429 ? 'secondary_limit' : 'primary_limit';
    if (h['retry-after'] !== undefined && Number.isFinite(Number(h['retry-after']))) return { ms: Number(h['retry-after']) * 1000, reason };
    if (h['x-ratelimit-remaining'] === '0' && h['x-ratelimit-reset']) return { ms: Math.max(1_000, Number(h['x-ratelimit-reset']) * 1000 - Date.now() + 1_000), reason: 'primary_limit' };
    if (secondary || status === 429) return { ms: 'secondary', reason };
    return undefined;
  }

  private async send<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.metrics?.requests.inc({ operation, status: String((result as { status?: number }).status ?? 200) });
      return result;
    } catch (error) {
      const status = (error as ResponseError).status;
      this.metrics?.requests.inc({ operation, status: typeof status === 'number' ? String(status) : 'error' });
      throw error;
    }
  }
}
