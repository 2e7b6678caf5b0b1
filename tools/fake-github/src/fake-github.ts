// A small stateful fake of api.github.com for tests and benchmarks: GitHub App installations and
// tokens, issues, comments, labels, search, file contents, rate-limit headers and injected faults.
// Every request and response is checked against GitHub's OpenAPI description; a mismatch is
// answered with 500 and recorded, so a test can assert that none happened.
import { createHmac, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, type FaultSpec } from './faults.js';
import {
  commentJson, contentFileJson, installationJson, issueJson, labelJson, simpleUser,
  type FakeComment, type FakeIssue, type FakeLabel,
} from './github-objects.js';
import { verifyAppJwt } from './jwt.js';
import { OpenApiValidator, type ValidationProblem } from './openapi-validator.js';

type Json = Record<string, unknown>;

/** Settings of a fake. */
export interface FakeGitHubOptions {
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** The GitHub App the fake knows. */
  app?: { id: number; publicKey: string | KeyObject };
  /** Installations of the app: one per account (user or organisation login). */
  installations?: { id: number; account: string }[];
  /** Personal access tokens accepted for every repository. */
  tokens?: string[];
  /** Primary limit of each credential per hour (default 5000). */
  corePerHour?: number;
  /** Search requests per credential per minute (default 30, as on GitHub). */
  searchPerMinute?: number;
  /**
   * Content-creating requests (issue create/update, comments, labels) per credential over which the
   * fake answers secondary-limit 403s, as GitHub does (default: not enforced).
   */
  contentLimit?: { perMinute?: number; perHour?: number; retryAfterS?: number };
  /** Issues newer than this are not yet found by search (search is eventually consistent; default 0). */
  searchIndexDelayMs?: number;
  /** Where user actions (close/reopen/delete) are delivered as `issues` webhooks. */
  webhook?: { url: string; secret: string };
  /** Repository files served by the contents API, keyed `owner/repo:path`. */
  files?: Record<string, string>;
  /** Login the issues and comments created through an installation token appear from. */
  botLogin?: string;
}

/** One request the fake answered. */
export interface RecordedRequest {
  at: number;
  method: string;
  /** The OpenAPI path template, or the raw path when no route matched. */
  operation: string;
  url: string;
  status: number;
  /** `installation:<id>`, `token:<last 4>`, `app` or `anonymous`. */
  credential: string;
  contentCreating: boolean;
  fault?: string;
  body?: unknown;
}

/** A delivered webhook and the receiver's answer. */
export interface WebhookDelivery { id: string; event: string; action: string; status: number; body: string; payload: string }

interface Route {
  method: string;
  path: string;
  regex: RegExp;
  names: string[];
  auth: 'app' | 'installation';
  contentCreating?: boolean;
  resource?: 'core' | 'search';
  handle: (ctx: RequestContext) => Reply | Promise<Reply>;
}

interface RequestContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  credential: Credential;
}

interface Credential { key: string; installationId?: number; account?: string; pat?: boolean }

interface Reply { status: number; body?: unknown; headers?: Record<string, string> }

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly extra: Json = {}) {
    super(message);
  }
}

const DOCS = 'https://docs.github.com/rest';
const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

/** The fake GitHub API server. */
export class FakeGitHub {
  readonly validator = new OpenApiValidator();
  readonly faults = new FaultQueue();
  readonly requests: RecordedRequest[] = [];
  readonly validationProblems: ValidationProblem[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  private server?: Server;
  private baseUrl = '';
  private readonly routes: Route[] = [];
  private readonly issues = new Map<string, FakeIssue[]>();
  private readonly labels = new Map<string, Map<string, FakeLabel>>();
  private readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  private readonly windows = new Map<string, { start: number; used: number }>();
  private nextId = 1;

  constructor(private readonly options: FakeGitHubOptions = {}) {
    this.defineRoutes();
  }

  /** Base URL to give Octokit (`GITHUB_API_URL`). */
  get url(): string {
    return this.baseUrl;
  }

  /** Starts listening on 127.0.0.1. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Adds faults to answer with (see {@link FaultSpec}). */
  inject(...faults: FaultSpec[]): void {
    this.faults.add(...faults);
  }

  /** Every issue of a repository, in creation order. */
  listIssues(owner: string, repo: string): FakeIssue[] {
    return [...(this.issues.get(`${owner}/${repo}`.toLowerCase()) ?? [])];
  }

  /** Every issue of every repository. */
  allIssues(): FakeIssue[] {
    return [...this.issues.values()].flat();
  }

  /** One issue, or undefined. */
  issue(owner: string, repo: string, number: number): FakeIssue | undefined {
    return this.listIssues(owner, repo).find((i) => i.number === number);
  }

  /**
   * The most content-creating requests any credential made within any `windowMs` (sliding), for
   * asserting that a client stayed within GitHub's content-creation limits.
   */
  maxContentRate(windowMs: number, credential?: string): number {
    const byCredential = new Map<string, number[]>();
    for (const r of this.requests) {
      if (!r.contentCreating || r.status >= 400 || (credential && r.credential !== credential)) continue;
      byCredential.set(r.credential, [...(byCredential.get(r.credential) ?? []), r.at]);
    }
    let max = 0;
    for (const times of byCredential.values()) {
      let start = 0;
      for (let end = 0; end < times.length; end++) {
        while (times[end]! - times[start]! >= windowMs) start++;
        max = Math.max(max, end - start + 1);
      }
    }
    return max;
  }

  /** Closes an issue as a user would in the web UI, and delivers the `issues.closed` webhook. */
  async closeIssue(owner: string, repo: string, number: number, opts: { reason?: 'completed' | 'not_planned'; actor?: string } = {}) {
    const issue = this.mustFind(owner, repo, number);
    Object.assign(issue, { state: 'closed', stateReason: opts.reason ?? 'completed', closedAt: new Date(), updatedAt: new Date() });
    return this.deliver('issues', 'closed', issue, opts.actor ?? 'octocat');
  }

  /** Reopens an issue as a user would, and delivers `issues.reopened`. */
  async reopenIssue(owner: string, repo: string, number: number, opts: { actor?: string } = {}) {
    const issue = this.mustFind(owner, repo, number);
    Object.assign(issue, { state: 'open', stateReason: 'reopened', closedAt: null, updatedAt: new Date() });
    return this.deliver('issues', 'reopened', issue, opts.actor ?? 'octocat');
  }

  /** Deletes an issue as an admin would, and delivers `issues.deleted`. */
  async deleteIssue(owner: string, repo: string, number: number, opts: { actor?: string } = {}) {
    const issue = this.mustFind(owner, repo, number);
    const list = this.issues.get(`${owner}/${repo}`.toLowerCase())!;
    list.splice(list.indexOf(issue), 1);
    return this.deliver('issues', 'deleted', issue, opts.actor ?? 'octocat');
  }

  /** Sends a webhook again with the same delivery id, as GitHub's "Redeliver" does. */
  async redeliver(deliveryId: string): Promise<WebhookDelivery> {
    const d = this.webhookDeliveries.find((x) => x.id === deliveryId);
    if (!d) throw new Error(`no delivery ${deliveryId}`);
    return this.post(d.id, d.event, d.action, d.payload);
  }

  private mustFind(owner: string, repo: string, number: number): FakeIssue {
    const issue = this.issue(owner, repo, number);
    if (!issue) throw new Error(`no issue ${owner}/${repo}#${number}`);
    return issue;
  }

  private async deliver(event: string, action: string, issue: FakeIssue, actor: string): Promise<WebhookDelivery> {
    const payload = JSON.stringify({
      action,
      issue: issueJson(this.baseUrl, issue, (n) => this.label(issue.owner, issue.repo, n)),
      repository: { id: 1, name: issue.repo, full_name: `${issue.owner}/${issue.repo}`, owner: simpleUser(this.baseUrl, issue.owner, 3, 'Organization') },
      sender: simpleUser(this.baseUrl, actor, 4),
      installation: { id: this.installationFor(issue.owner)?.id ?? 0, node_id: 'X' },
    });
    return this.post(randomUUID(), event, action, payload);
  }

  private async post(id: string, event: string, action: string, payload: string): Promise<WebhookDelivery> {
    const hook = this.options.webhook;
    if (!hook) throw new Error('FakeGitHub has no webhook configured');
    const signature = `sha256=${createHmac('sha256', hook.secret).update(payload).digest('hex')}`;
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, 'x-hub-signature-256': signature, 'user-agent': 'GitHub-Hookshot/fake' },
      body: payload,
    });
    const delivery = { id, event, action, status: res.status, body: await res.text(), payload };
    this.webhookDeliveries.push(delivery);
    return delivery;
  }

  // ---- control API for tests in other processes (not part of GitHub's API, not validated) ------

  private async control(method: string, path: string, body: unknown): Promise<Reply> {
    const summary = (i: FakeIssue) => ({
      owner: i.owner, repo: i.repo, number: i.number, title: i.title, body: i.body, state: i.state, state_reason: i.stateReason,
      labels: i.labels, assignees: i.assignees, comments: i.comments.map((c) => c.body), created_at: i.createdAt.toISOString(),
    });
    if (method === 'GET' && path === '/_fake/issues') return { status: 200, body: this.allIssues().map(summary) };
    if (method === 'GET' && path === '/_fake/requests') return { status: 200, body: this.requests };
    if (method === 'GET' && path === '/_fake/validation-problems') return { status: 200, body: this.validationProblems };
    if (method === 'POST' && path === '/_fake/faults') {
      this.inject(...((Array.isArray(body) ? body : [body]) as FaultSpec[]));
      return { status: 204 };
    }
    const action = /^\/_fake\/issues\/([^/]+)\/([^/]+)\/(\d+)\/(close|reopen|delete)$/.exec(path);
    if (method === 'POST' && action) {
      const [, owner, repo, n, verb] = action as unknown as [string, string, string, string, 'close' | 'reopen' | 'delete'];
      const opts = (body ?? {}) as { actor?: string; reason?: 'completed' | 'not_planned' };
      const delivery =
        verb === 'close' ? await this.closeIssue(owner, repo, Number(n), opts)
        : verb === 'reopen' ? await this.reopenIssue(owner, repo, Number(n), opts)
        : await this.deleteIssue(owner, repo, Number(n), opts);
      return { status: 200, body: delivery };
    }
    return { status: 404, body: { message: `unknown control route ${method} ${path}` } };
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const record: RecordedRequest = { at: Date.now(), method, operation: url.pathname, url: req.url ?? '/', status: 0, credential: 'anonymous', contentCreating: false };
    let reply: Reply;
    let route: Route | undefined;
    try {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new HttpError(400, 'Problems parsing JSON');
        }
      }
      record.body = body;
      if (url.pathname.startsWith('/_fake/')) {
        const control = await this.control(method, url.pathname, body);
        res.writeHead(control.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(control.body));
        return;
      }
      const match = this.match(method, url.pathname);
      if (!match) throw new HttpError(404, 'Not Found');
      route = match.route;
      record.operation = route.path;
      record.contentCreating = route.contentCreating === true;
      const query = Object.fromEntries(url.searchParams);
      const problems = this.validator.validateRequest(route, match.params, query, body);
      if (problems.length > 0) {
        this.validationProblems.push(...problems);
        reply = { status: 500, body: { message: 'fake-github: request does not match the OpenAPI description', errors: problems } };
      } else {
        const credential = this.authenticate(route, req.headers.authorization, match.params);
        record.credential = credential.key;
        reply = await this.withFaultsAndLimits(route, credential, record, () => route!.handle({ params: match.params, query, body, credential }));
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, body: { message: error.message, documentation_url: DOCS, ...error.extra }, headers: {} };
    }
    if (route && reply.status !== 500 && !record.fault) {
      const problems = this.validator.validateResponse(route, reply.status, reply.body);
      if (problems.length > 0) {
        this.validationProblems.push(...problems);
        reply = { status: 500, body: { message: 'fake-github: response does not match the OpenAPI description', errors: problems } };
      }
    }
    record.status = reply.status;
    this.requests.push(record);
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'x-github-request-id': randomUUID(), ...reply.headers });
    res.end(text);
  }

  private async withFaultsAndLimits(route: Route, credential: Credential, record: RecordedRequest, handle: () => Reply | Promise<Reply>): Promise<Reply> {
    const resource = route.resource ?? 'core';
    const fault = this.faults.take(route.method, route.path);
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1_000));
    else if (fault) {
      record.fault = fault.kind;
      return this.faultReply(fault, this.limitHeaders(credential, resource, false));
    }
    const limit = this.limitHeaders(credential, resource, true);
    if (limit['x-ratelimit-remaining'] === '0' && Number(limit['x-ratelimit-used']) > Number(limit['x-ratelimit-limit'])) {
      record.fault = 'primary-limit (exhausted)';
      return { status: 403, body: { message: `API rate limit exceeded for ${credential.key}.`, documentation_url: DOCS }, headers: limit };
    }
    if (route.contentCreating && this.overContentLimit(credential.key)) {
      record.fault = 'secondary-limit (content creation)';
      const retry = this.options.contentLimit?.retryAfterS;
      return { status: 403, body: { message: SECONDARY_MESSAGE, documentation_url: DOCS }, headers: { ...limit, ...(retry ? { 'retry-after': String(retry) } : {}) } };
    }
    const reply = await handle();
    return { ...reply, headers: { ...limit, ...reply.headers } };
  }

  private faultReply(fault: FaultSpec, limit: Record<string, string>): Reply {
    const retryAfter = String(fault.retryAfterS ?? 1);
    switch (fault.kind) {
      case 'secondary-limit':
        return { status: 403, body: { message: SECONDARY_MESSAGE, documentation_url: DOCS }, headers: { ...limit, ...(fault.retryAfterS !== undefined ? { 'retry-after': retryAfter } : {}) } };
      case 'too-many-requests':
        return { status: 429, body: { message: SECONDARY_MESSAGE, documentation_url: DOCS }, headers: { ...limit, 'retry-after': retryAfter } };
      case 'primary-limit':
        return {
          status: 403,
          body: { message: 'API rate limit exceeded.', documentation_url: DOCS },
          headers: { ...limit, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000 + (fault.retryAfterS ?? 1))) },
        };
      default:
        return { status: fault.status ?? 502, body: { message: 'Server Error', documentation_url: DOCS }, headers: limit };
    }
  }

  // Primary limits: a fixed window per credential and resource, as GitHub reports it.
  private limitHeaders(credential: Credential, resource: 'core' | 'search', count: boolean): Record<string, string> {
    const limit = resource === 'search' ? (this.options.searchPerMinute ?? 30) : (this.options.corePerHour ?? 5_000);
    const span = resource === 'search' ? 60_000 : 3_600_000;
    const key = `${credential.key}|${resource}`;
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= span) this.windows.set(key, (w = { start: now, used: 0 }));
    if (count) w.used += 1;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - w.used)),
      'x-ratelimit-used': String(w.used),
      'x-ratelimit-reset': String(Math.ceil((w.start + span) / 1000)),
      'x-ratelimit-resource': resource,
    };
  }

  private overContentLimit(credential: string): boolean {
    const cfg = this.options.contentLimit;
    if (!cfg) return false;
    const now = Date.now();
    const ok = this.requests.filter((r) => r.credential === credential && r.contentCreating && r.status < 400);
    const minute = ok.filter((r) => now - r.at < 60_000).length;
    const hour = ok.filter((r) => now - r.at < 3_600_000).length;
    return (cfg.perMinute !== undefined && minute >= cfg.perMinute) || (cfg.perHour !== undefined && hour >= cfg.perHour);
  }

  private authenticate(route: Route, header: string | undefined, params: Record<string, string>): Credential {
    const [scheme, value] = (header ?? '').split(' ');
    if (!value || !/^(bearer|token)$/i.test(scheme ?? '')) throw new HttpError(401, 'Requires authentication');
    if (route.auth === 'app') {
      const app = this.options.app;
      if (!app) throw new HttpError(401, 'This fake has no GitHub App configured');
      const problem = verifyAppJwt(value, app.publicKey, app.id);
      if (problem) throw new HttpError(401, problem);
      return { key: 'app' };
    }
    if (this.options.tokens?.includes(value)) return { key: `token:${value.slice(-4)}`, pat: true };
    const t = this.tokens.get(value);
    if (!t || t.expiresAt <= Date.now()) throw new HttpError(401, 'Bad credentials');
    const account = this.options.installations?.find((i) => i.id === t.installationId)?.account;
    if (params.owner && account?.toLowerCase() !== params.owner.toLowerCase()) throw new HttpError(404, 'Not Found');
    return { key: `installation:${t.installationId}`, installationId: t.installationId, account };
  }

  private match(method: string, pathname: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(pathname);
      if (m) return { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
    }
    return undefined;
  }

  private on(method: string, path: string, auth: Route['auth'], handle: Route['handle'], extra: Partial<Route> = {}): void {
    const names: string[] = [];
    const pattern = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return name === 'path' ? '(.+)' : '([^/]+)';
    });
    const route: Route = { method, path, regex: new RegExp(`^${pattern}$`), names, auth, handle, ...extra };
    this.validator.assertOperation(route);
    this.routes.push(route);
  }

  // ---- state --------------------------------------------------------------------------------

  private installationFor(account: string) {
    return this.options.installations?.find((i) => i.account.toLowerCase() === account.toLowerCase());
  }

  private repoIssues(owner: string, repo: string): FakeIssue[] {
    const key = `${owner}/${repo}`.toLowerCase();
    let list = this.issues.get(key);
    if (!list) this.issues.set(key, (list = []));
    return list;
  }

  private label(owner: string, repo: string, name: string): FakeLabel {
    const key = `${owner}/${repo}`.toLowerCase();
    let map = this.labels.get(key);
    if (!map) this.labels.set(key, (map = new Map()));
    let label = map.get(name.toLowerCase());
    if (!label) map.set(name.toLowerCase(), (label = { id: this.nextId++, name, color: 'ededed', description: null }));
    return label;
  }

  private findIssue(params: Record<string, string>): FakeIssue {
    const issue = this.repoIssues(params.owner!, params.repo!).find((i) => i.number === Number(params.issue_number));
    if (!issue) throw new HttpError(404, 'Not Found');
    return issue;
  }

  private author(c: Credential): string {
    return c.pat ? 'faultline-user' : (this.options.botLogin ?? 'faultline[bot]');
  }

  private issueJson(issue: FakeIssue): Json {
    return issueJson(this.baseUrl, issue, (n) => this.label(issue.owner, issue.repo, n));
  }

  private page<T>(items: T[], query: Record<string, string>, path: string): { items: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Number(query.per_page ?? 30));
    const page = Number(query.page ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    const link = (p: number, rel: string) => {
      const q = new URLSearchParams({ ...query, page: String(p), per_page: String(perPage) });
      links.push(`<${this.baseUrl}${path}?${q}>; rel="${rel}"`);
    };
    if (page < last) {
      link(page + 1, 'next');
      link(last, 'last');
    }
    if (page > 1) {
      link(1, 'first');
      link(page - 1, 'prev');
    }
    return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} };
  }

  private defineRoutes(): void {
    const app = this.options.app;
    this.on('GET', '/app/installations', 'app', () => ({
      status: 200,
      body: (this.options.installations ?? []).map((i) => installationJson(this.baseUrl, i.id, i.account, app?.id ?? 0)),
    }));
    this.on('GET', '/repos/{owner}/{repo}/installation', 'app', ({ params }) => {
      const i = this.installationFor(params.owner!);
      if (!i) throw new HttpError(404, 'Not Found');
      return { status: 200, body: installationJson(this.baseUrl, i.id, i.account, app?.id ?? 0) };
    });
    this.on('POST', '/app/installations/{installation_id}/access_tokens', 'app', ({ params }) => {
      const id = Number(params.installation_id);
      if (!this.options.installations?.some((i) => i.id === id)) throw new HttpError(404, 'Not Found');
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      const expiresAt = Date.now() + 3_600_000;
      this.tokens.set(token, { installationId: id, expiresAt });
      return { status: 201, body: { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z'), permissions: { issues: 'write', metadata: 'read' }, repository_selection: 'all' } };
    });

    this.on('POST', '/repos/{owner}/{repo}/issues', 'installation', ({ params, body, credential }) => {
      const b = body as { title: string | number; body?: string; labels?: (string | { name?: string })[]; assignees?: string[] };
      if (String(b.title).trim() === '') throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] });
      if ((b.body?.length ?? 0) > 65_536) throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] });
      const now = new Date();
      const list = this.repoIssues(params.owner!, params.repo!);
      const issue: FakeIssue = {
        id: this.nextId++, number: list.length === 0 ? 1 : Math.max(...list.map((i) => i.number)) + 1, owner: params.owner!, repo: params.repo!,
        title: String(b.title), body: b.body ?? null, state: 'open', stateReason: null,
        labels: (b.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean).map((n) => this.label(params.owner!, params.repo!, n).name),
        assignees: b.assignees ?? [], user: this.author(credential), comments: [], createdAt: now, updatedAt: now, closedAt: null,
      };
      list.push(issue);
      return { status: 201, body: this.issueJson(issue), headers: { location: `${this.baseUrl}/repos/${issue.owner}/${issue.repo}/issues/${issue.number}` } };
    }, { contentCreating: true });

    this.on('GET', '/repos/{owner}/{repo}/issues', 'installation', ({ params, query }) => {
      const state = query.state ?? 'open';
      const labels = query.labels ? query.labels.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean) : [];
      const since = query.since ? Date.parse(query.since) : undefined;
      const sort = (query.sort ?? 'created') as 'created' | 'updated' | 'comments';
      const dir = query.direction ?? 'desc';
      const key = (i: FakeIssue) => (sort === 'created' ? i.createdAt.getTime() : sort === 'updated' ? i.updatedAt.getTime() : i.comments.length);
      const items = this.repoIssues(params.owner!, params.repo!)
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
        .filter((i) => since === undefined || i.updatedAt.getTime() >= since)
        .sort((a, b) => (dir === 'asc' ? key(a) - key(b) || a.number - b.number : key(b) - key(a) || b.number - a.number));
      const p = this.page(items, query, `/repos/${params.owner}/${params.repo}/issues`);
      return { status: 200, body: p.items.map((i) => this.issueJson(i)), headers: p.headers };
    });

    this.on('GET', '/repos/{owner}/{repo}/issues/{issue_number}', 'installation', ({ params }) => ({ status: 200, body: this.issueJson(this.findIssue(params)) }));

    this.on('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', 'installation', ({ params, body }) => {
      const issue = this.findIssue(params);
      const b = body as { title?: string; body?: string | null; state?: 'open' | 'closed'; state_reason?: FakeIssue['stateReason']; labels?: (string | { name?: string })[]; assignees?: string[] };
      const now = new Date();
      if (b.title !== undefined) issue.title = String(b.title);
      if (b.body !== undefined) issue.body = b.body;
      if (b.labels) issue.labels = b.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean).map((n) => this.label(issue.owner, issue.repo, n).name);
      if (b.assignees) issue.assignees = b.assignees;
      if (b.state && b.state !== issue.state) {
        issue.state = b.state;
        issue.closedAt = b.state === 'closed' ? now : null;
        issue.stateReason = b.state_reason ?? (b.state === 'closed' ? 'completed' : 'reopened');
      }
      issue.updatedAt = now;
      return { status: 200, body: this.issueJson(issue) };
    }, { contentCreating: true });

    this.on('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'installation', ({ params, query }) => {
      const issue = this.findIssue(params);
      const p = this.page(issue.comments, query, `/repos/${params.owner}/${params.repo}/issues/${params.issue_number}/comments`);
      return { status: 200, body: p.items.map((c) => commentJson(this.baseUrl, issue, c)), headers: p.headers };
    });

    this.on('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'installation', ({ params, body, credential }) => {
      const issue = this.findIssue(params);
      const text = (body as { body: string }).body;
      if (text.length > 65_536) throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'IssueComment', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] });
      const now = new Date();
      const c: FakeComment = { id: this.nextId++, body: text, user: this.author(credential), createdAt: now, updatedAt: now };
      issue.comments.push(c);
      issue.updatedAt = now;
      return { status: 201, body: commentJson(this.baseUrl, issue, c), headers: { location: `${this.baseUrl}/repos/${issue.owner}/${issue.repo}/issues/comments/${c.id}` } };
    }, { contentCreating: true });

    this.on('GET', '/repos/{owner}/{repo}/labels', 'installation', ({ params, query }) => {
      const all = [...(this.labels.get(`${params.owner}/${params.repo}`.toLowerCase())?.values() ?? [])];
      const p = this.page(all, query, `/repos/${params.owner}/${params.repo}/labels`);
      return { status: 200, body: p.items.map((l) => labelJson(this.baseUrl, params.owner!, params.repo!, l)), headers: p.headers };
    });

    this.on('POST', '/repos/{owner}/{repo}/labels', 'installation', ({ params, body }) => {
      const b = body as { name: string; color?: string; description?: string };
      const key = `${params.owner}/${params.repo}`.toLowerCase();
      if (this.labels.get(key)?.has(b.name.toLowerCase())) {
        throw new HttpError(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      }
      const label = this.label(params.owner!, params.repo!, b.name);
      label.color = b.color ?? 'ededed';
      label.description = b.description ?? null;
      return { status: 201, body: labelJson(this.baseUrl, params.owner!, params.repo!, label) };
    }, { contentCreating: true });

    this.on('POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', 'installation', ({ params, body }) => {
      const issue = this.findIssue(params);
      const b = body as { labels?: (string | { name: string })[] } | string[];
      const names = (Array.isArray(b) ? b : (b.labels ?? [])).map((l) => (typeof l === 'string' ? l : l.name));
      for (const n of names) if (!issue.labels.some((x) => x.toLowerCase() === n.toLowerCase())) issue.labels.push(this.label(issue.owner, issue.repo, n).name);
      issue.updatedAt = new Date();
      return { status: 200, body: issue.labels.map((n) => labelJson(this.baseUrl, issue.owner, issue.repo, this.label(issue.owner, issue.repo, n))) };
    }, { contentCreating: true });

    this.on('GET', '/search/issues', 'installation', ({ query }) => {
      const q = parseSearch(query.q ?? '');
      const now = Date.now();
      const delay = this.options.searchIndexDelayMs ?? 0;
      const items = this.allIssues()
        .filter((i) => now - i.createdAt.getTime() >= delay)
        .filter((i) => !q.repo || `${i.owner}/${i.repo}`.toLowerCase() === q.repo)
        .filter((i) => !q.state || i.state === q.state)
        .filter((i) => q.labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
        .filter((i) => q.terms.every((t) => (q.inBody ? (i.body ?? '') : `${i.title}\n${i.body ?? ''}`).toLowerCase().includes(t)))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const p = this.page(items, query, '/search/issues');
      return {
        status: 200,
        body: { total_count: items.length, incomplete_results: false, search_type: 'lexical', items: p.items.map((i) => ({ ...this.issueJson(i), score: 1 })) },
        headers: p.headers,
      };
    }, { resource: 'search' });

    this.on('GET', '/repos/{owner}/{repo}/contents/{path}', 'installation', ({ params }) => {
      const text = this.options.files?.[`${params.owner}/${params.repo}:${params.path}`];
      if (text === undefined) throw new HttpError(404, 'Not Found');
      return { status: 200, body: contentFileJson(this.baseUrl, params.owner!, params.repo!, params.path!, text) };
    });
  }
}

/** The qualifiers of a search query the fake understands: repo, is, state, label, in:body, quoted and bare terms. */
function parseSearch(q: string) {
  const out = { repo: '', state: '' as '' | 'open' | 'closed', labels: [] as string[], terms: [] as string[], inBody: false };
  for (const m of q.matchAll(/(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g)) {
    const [key, value] = m[1] ? [m[1], m[2]!] : m[3] ? [m[3], m[4]!] : ['', (m[5] ?? m[6])!];
    if (key === 'repo') out.repo = value.toLowerCase();
    else if (key === 'is' && (value === 'open' || value === 'closed')) out.state = value;
    else if (key === 'state') out.state = value as 'open' | 'closed';
    else if (key === 'label') out.labels.push(value.toLowerCase());
    else if (key === 'in') out.inBody = value === 'body';
    else if (key === '' && value) out.terms.push(value.toLowerCase());
  }
  return out;
}
