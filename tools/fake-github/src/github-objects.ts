// Builds response objects shaped like api.github.com's, starting from the examples in GitHub's
// OpenAPI description so that every required field is present.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type Json = Record<string, unknown>;

let examples: Record<string, { value: unknown }> | undefined;
function example(name: string): Json {
  examples ??= (require('@octokit/openapi/generated/api.github.com.json') as { components: { examples: Record<string, { value: unknown }> } })
    .components.examples;
  return structuredClone(examples[name]!.value) as Json;
}

/** A user or bot as GitHub embeds it (simple-user). */
export function simpleUser(base: string, login: string, id: number, type: 'User' | 'Bot' | 'Organization' = 'User'): Json {
  const u = `${base}/users/${encodeURIComponent(login)}`;
  return {
    login, id, node_id: Buffer.from(`U${id}`).toString('base64'), avatar_url: `https://avatars.example/${id}`, gravatar_id: '',
    url: u, html_url: `https://github.com/${encodeURIComponent(login)}`, followers_url: `${u}/followers`, following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`, starred_url: `${u}/starred{/owner}{/repo}`, subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`, repos_url: `${u}/repos`, events_url: `${u}/events{/privacy}`, received_events_url: `${u}/received_events`,
    type, site_admin: false,
  };
}

/** A label as stored by the fake. */
export interface FakeLabel { id: number; name: string; color: string; description: string | null }

/** A comment as stored by the fake. */
export interface FakeComment { id: number; body: string; user: string; createdAt: Date; updatedAt: Date }

/** An issue as stored by the fake. */
export interface FakeIssue {
  id: number;
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: string[];
  assignees: string[];
  user: string;
  comments: FakeComment[];
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/** The JSON of a label. */
export function labelJson(base: string, owner: string, repo: string, label: FakeLabel): Json {
  return {
    id: label.id, node_id: Buffer.from(`L${label.id}`).toString('base64'), url: `${base}/repos/${owner}/${repo}/labels/${encodeURIComponent(label.name)}`,
    name: label.name, description: label.description, color: label.color, default: false,
  };
}

/** The JSON of an issue (the `issue` schema). */
export function issueJson(base: string, issue: FakeIssue, labels: (name: string) => FakeLabel): Json {
  const j = example('issue');
  const api = `${base}/repos/${issue.owner}/${issue.repo}/issues/${issue.number}`;
  delete j.pull_request;
  delete j.closed_by;
  delete j.active_lock_reason;
  return {
    ...j,
    id: issue.id, node_id: Buffer.from(`I${issue.id}`).toString('base64'), url: api,
    repository_url: `${base}/repos/${issue.owner}/${issue.repo}`, labels_url: `${api}/labels{/name}`, comments_url: `${api}/comments`,
    events_url: `${api}/events`, html_url: `https://github.com/${issue.owner}/${issue.repo}/issues/${issue.number}`,
    number: issue.number, state: issue.state, state_reason: issue.stateReason, title: issue.title, body: issue.body,
    user: simpleUser(base, issue.user, 1_000 + issue.user.length, issue.user.endsWith('[bot]') ? 'Bot' : 'User'),
    labels: issue.labels.map((n) => labelJson(base, issue.owner, issue.repo, labels(n))),
    assignee: issue.assignees[0] ? simpleUser(base, issue.assignees[0], 2_000) : null,
    assignees: issue.assignees.map((a, i) => simpleUser(base, a, 2_000 + i)),
    milestone: null, locked: false, comments: issue.comments.length,
    closed_at: issue.closedAt?.toISOString() ?? null, created_at: issue.createdAt.toISOString(), updated_at: issue.updatedAt.toISOString(),
    author_association: 'NONE',
  };
}

/** The JSON of an issue comment. */
export function commentJson(base: string, issue: FakeIssue, c: FakeComment): Json {
  const j = example('issue-comment');
  return {
    ...j,
    id: c.id, node_id: Buffer.from(`C${c.id}`).toString('base64'), url: `${base}/repos/${issue.owner}/${issue.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${issue.owner}/${issue.repo}/issues/${issue.number}#issuecomment-${c.id}`, body: c.body,
    user: simpleUser(base, c.user, 1_000 + c.user.length, c.user.endsWith('[bot]') ? 'Bot' : 'User'),
    created_at: c.createdAt.toISOString(), updated_at: c.updatedAt.toISOString(),
    issue_url: `${base}/repos/${issue.owner}/${issue.repo}/issues/${issue.number}`, author_association: 'NONE',
  };
}

/** The JSON of an app installation on `account`. */
export function installationJson(base: string, id: number, account: string, appId: number): Json {
  const j = example('installation');
  return {
    ...j,
    id, app_id: appId, target_id: 10_000 + id, account: simpleUser(base, account, 10_000 + id, 'Organization'),
    access_tokens_url: `${base}/app/installations/${id}/access_tokens`, repositories_url: `${base}/installation/repositories`,
    html_url: `https://github.com/organizations/${account}/settings/installations/${id}`, app_slug: 'faultline',
    permissions: { issues: 'write', metadata: 'read', contents: 'read' }, events: ['issues'],
  };
}

/** A file of a repository, for `GET /repos/{owner}/{repo}/contents/{path}`. */
export function contentFileJson(base: string, owner: string, repo: string, path: string, text: string): Json {
  const url = `${base}/repos/${owner}/${repo}/contents/${path}`;
  const name = path.split('/').pop()!;
  return {
    type: 'file', encoding: 'base64', size: Buffer.byteLength(text), name, path, content: Buffer.from(text).toString('base64'),
    sha: 'f'.repeat(40), url, git_url: `${base}/repos/${owner}/${repo}/git/blobs/${'f'.repeat(40)}`,
    html_url: `https://github.com/${owner}/${repo}/blob/main/${path}`, download_url: `https://raw.example/${owner}/${repo}/main/${path}`,
    _links: { self: url, git: `${base}/repos/${owner}/${repo}/git/blobs/${'f'.repeat(40)}`, html: `https://github.com/${owner}/${repo}/blob/main/${path}` },
  };
}
