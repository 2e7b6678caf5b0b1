// The fake against the real Octokit clients the service uses: App JWT → installation token →
// issues, comments, labels, search, pagination, rate-limit headers and injected faults, with
// every request and response validated against GitHub's OpenAPI description.
import { generateKeyPairSync } from 'node:crypto';
import { App } from '@octokit/app';
import { Octokit } from '@octokit/core';
import { FakeGitHub } from '../src/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

describe('FakeGitHub', () => {
  let fake: FakeGitHub;
  let url: string;

  beforeAll(async () => {
    fake = new FakeGitHub({ app: { id: 42, publicKey }, installations: [{ id: 7, account: 'acme' }], tokens: ['pat-0001'], searchPerMinute: 3 });
    url = await fake.start();
  });
  afterAll(() => fake.stop());
  afterEach(() => {
    fake.faults.clear();
  });

  const app = (key = privateKey) => new App({ appId: 42, privateKey: key, Octokit: Octokit.defaults({ baseUrl: url }) });

  it('issues installation tokens only for a correctly signed app JWT', async () => {
    const { data } = await app().octokit.request('GET /repos/{owner}/{repo}/installation', { owner: 'acme', repo: 'web' });
    expect(data.id).toBe(7);
    await expect(app(other.privateKey).octokit.request('GET /app/installations')).rejects.toMatchObject({ status: 401 });
    const octokit = await app().getInstallationOctokit(7);
    const { data: issue } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'web', title: 'first', labels: ['faultline'] });
    expect(issue).toMatchObject({ number: 1, title: 'first', state: 'open', user: { login: 'faultline[bot]' } });
    // An installation token is scoped to its account.
    await expect(octokit.request('GET /repos/{owner}/{repo}/issues', { owner: 'other', repo: 'web' })).rejects.toMatchObject({ status: 404 });
    await expect(new Octokit({ baseUrl: url, auth: 'nope' }).request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'web' })).rejects.toMatchObject({ status: 401 });
  });

  it('creates, updates, lists with filters and pages, comments and labels', async () => {
    const gh = new Octokit({ baseUrl: url, auth: 'pat-0001' });
    for (let i = 0; i < 5; i++) await gh.request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'list', title: `t${i}`, labels: i % 2 ? ['faultline', 'error'] : ['other'] });
    await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: 'acme', repo: 'list', issue_number: 2, state: 'closed', state_reason: 'completed' });
    const open = await gh.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'list', labels: 'faultline', state: 'open' });
    expect(open.data.map((i) => i.number)).toEqual([4]);
    const all = await gh.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'list', labels: 'faultline,error', state: 'all', sort: 'created', direction: 'asc' });
    expect(all.data.map((i) => [i.number, i.state])).toEqual([[2, 'closed'], [4, 'open']]);
    const page1 = await gh.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'list', state: 'all', per_page: 2 });
    expect(page1.data.map((i) => i.number)).toEqual([5, 4]);
    expect(page1.headers.link).toContain('rel="next"');
    const future = await gh.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'list', state: 'all', since: new Date(Date.now() + 60_000).toISOString() });
    expect(future.data).toEqual([]);
    await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'list', issue_number: 1, body: 'hello' });
    const comments = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'acme', repo: 'list', issue_number: 1 });
    expect(comments.data.map((c) => c.body)).toEqual(['hello']);
    await gh.request('POST /repos/{owner}/{repo}/labels', { owner: 'acme', repo: 'list', name: 'new', color: 'ff0000' });
    await expect(gh.request('POST /repos/{owner}/{repo}/labels', { owner: 'acme', repo: 'list', name: 'new', color: 'ff0000' })).rejects.toMatchObject({ status: 422 });
    expect(page1.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(page1.headers['x-ratelimit-remaining'])).toBeLessThan(5_000);
  });

  it('answers search with its own 30-per-minute style limit', async () => {
    const gh = new Octokit({ baseUrl: url, auth: 'pat-0001' });
    await gh.request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 's', title: 'x', body: 'marker-abc here' });
    const found = await gh.request('GET /search/issues', { q: 'repo:acme/s is:issue in:body "marker-abc"' });
    expect(found.data.total_count).toBe(1);
    expect(found.headers['x-ratelimit-resource']).toBe('search');
    await gh.request('GET /search/issues', { q: 'nothing' });
    await gh.request('GET /search/issues', { q: 'nothing' });
    await expect(gh.request('GET /search/issues', { q: 'nothing' })).rejects.toMatchObject({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0' } } });
  });

  it('answers injected faults: secondary limit, 429, 5xx and slow', async () => {
    const gh = new Octokit({ baseUrl: url, auth: 'pat-0001' });
    const args = { owner: 'acme', repo: 'f', title: 'x' };
    fake.inject({ kind: 'secondary-limit', retryAfterS: 2, method: 'POST' }, { kind: 'too-many-requests', retryAfterS: 3 }, { kind: 'server-error', status: 503 }, { kind: 'slow', delayMs: 300 });
    await expect(gh.request('POST /repos/{owner}/{repo}/issues', args)).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/secondary rate limit/), response: { headers: { 'retry-after': '2' } } });
    await expect(gh.request('POST /repos/{owner}/{repo}/issues', args)).rejects.toMatchObject({ status: 429, response: { headers: { 'retry-after': '3' } } });
    await expect(gh.request('POST /repos/{owner}/{repo}/issues', args)).rejects.toMatchObject({ status: 503 });
    const t = Date.now();
    await gh.request('POST /repos/{owner}/{repo}/issues', args);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    expect(fake.listIssues('acme', 'f')).toHaveLength(1);
  });

  it('refuses requests that do not match the OpenAPI description, loudly', async () => {
    const gh = new Octokit({ baseUrl: url, auth: 'pat-0001' });
    const before = fake.validationProblems.length;
    await expect(gh.request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'v', labels: [1] } as never)).rejects.toMatchObject({ status: 500 });
    await expect(gh.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'v', state: 'sideways' as 'open' })).rejects.toMatchObject({ status: 500 });
    expect(fake.validationProblems.slice(before).map((p) => p.part)).toEqual(['body', 'query']);
    fake.validationProblems.length = before;
  });

  it('counts the content-creation rate and can enforce it as a secondary limit', async () => {
    const limited = new FakeGitHub({ tokens: ['pat-0002'], contentLimit: { perMinute: 2, retryAfterS: 5 } });
    const u = await limited.start();
    try {
      const gh = new Octokit({ baseUrl: u, auth: 'pat-0002' });
      const args = { owner: 'acme', repo: 'r', title: 'x' };
      await gh.request('POST /repos/{owner}/{repo}/issues', args);
      await gh.request('POST /repos/{owner}/{repo}/issues', args);
      await expect(gh.request('POST /repos/{owner}/{repo}/issues', args)).rejects.toMatchObject({ status: 403, response: { headers: { 'retry-after': '5' } } });
      expect(limited.maxContentRate(60_000)).toBe(2);
      expect(limited.validationProblems).toEqual([]);
    } finally {
      await limited.stop();
    }
  });

  afterAll(() => {
    expect(fake.validationProblems).toEqual([]);
  });
});

describe('FakeGitHub control routes', () => {
  it('lists issues, takes faults and performs user actions over HTTP', async () => {
    const received: string[] = [];
    const { createServer } = await import('node:http');
    const hook = createServer((req, res) => {
      received.push(String(req.headers['x-github-event']));
      res.end('{}');
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const fake = new FakeGitHub({ tokens: ['pat-0003'], webhook: { url: `http://127.0.0.1:${(hook.address() as { port: number }).port}`, secret: 's' } });
    const url = await fake.start();
    try {
      const gh = new Octokit({ baseUrl: url, auth: 'pat-0003' });
      await gh.request('POST /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'c', title: 'x' });
      const issues = (await (await fetch(`${url}/_fake/issues`)).json()) as { number: number; state: string }[];
      expect(issues).toMatchObject([{ number: 1, state: 'open' }]);
      expect((await fetch(`${url}/_fake/faults`, { method: 'POST', body: JSON.stringify([{ kind: 'server-error', status: 500 }]) })).status).toBe(204);
      await expect(gh.request('GET /repos/{owner}/{repo}/issues', { owner: 'acme', repo: 'c' })).rejects.toMatchObject({ status: 500 });
      expect((await fetch(`${url}/_fake/issues/acme/c/1/close`, { method: 'POST', body: '{}' })).status).toBe(200);
      expect(fake.issue('acme', 'c', 1)!.state).toBe('closed');
      expect(received).toEqual(['issues']);
      expect(await (await fetch(`${url}/_fake/validation-problems`)).json()).toEqual([]);
    } finally {
      await fake.stop();
      hook.close();
    }
  });
});
