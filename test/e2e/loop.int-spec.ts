// The whole loop, as a user meets it: a storefront reporting with the real @sentry/browser in
// headless Chromium (minified bundle, maps uploaded by the real sentry-cli) → ingest → enrichment
// → clustering → alert router → GitHub issues, on the real NATS, PostgreSQL and s3rver, with the
// fake GitHub (OpenAPI-validated) as the only stand-in. Then back: closing an issue on GitHub
// resolves its group, and the same error from a newer release reopens the issue.
import { existsSync, writeFileSync } from 'node:fs';
import { FakeGitHub } from '@faultline/fake-github';
import { freePort, waitFor } from '@faultline/platform-testing';
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from './support/stack.js';
import { buildStorefront, CHROMIUM, launchChromium, sentryCli, serveStorefront, throwIn, USER_AGENTS } from './support/storefront.js';

const REPO = { owner: 'acme', repo: 'storefront' };
const WEBHOOK_SECRET = 'e2e-webhook-secret';

interface GroupRow {
  id: string;
  title: string;
  status: string;
  timesSeen: number;
}

describe.skipIf(!existsSync(CHROMIUM))('the whole loop: browser error → GitHub issue → resolved from GitHub', () => {
  let stack: Stack;
  let github: FakeGitHub;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof serveStorefront>>;
  let dsn: string;

  const groups = (): GroupRow[] => JSON.parse(stack.cli(['groups', 'list', '--project', 'storefront', '--json'])) as GroupRow[];
  const issues = () => github.listIssues(REPO.owner, REPO.repo);
  const issueFor = (title: RegExp) => issues().find((issue) => title.test(issue.title));

  beforeAll(async () => {
    const githubIssuesPort = await freePort();
    github = new FakeGitHub({ tokens: ['ghp_e2e'], webhook: { url: `http://127.0.0.1:${githubIssuesPort}/api/github/webhooks`, secret: WEBHOOK_SECRET } });
    await github.start();
    stack = await startStack({
      ports: { 'github-issues': githubIssuesPort },
      serviceEnv: { 'github-issues': { GITHUB_ISSUES_PUBLIC_URL: `http://127.0.0.1:${githubIssuesPort}` } },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: 'ghp_e2e',
        GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    dsn = stack.cli(['project', 'create', 'storefront', '--github-repo', `${REPO.owner}/${REPO.repo}`]).trim().split('\n').at(-1)!;
    const token = stack.cli(['token', 'create', '--name', 'ci', '--scope', 'project:releases']).trim().split('\n').at(-1)!;

    const site = await buildStorefront(stack.workDir);
    const cli = { SENTRY_URL: stack.service('enrichment').url, SENTRY_AUTH_TOKEN: token, SENTRY_ORG: 'acme', SENTRY_PROJECT: 'storefront' };
    await sentryCli(['sourcemaps', 'inject', `${site}/static/js`], cli);
    await sentryCli(['sourcemaps', 'upload', '--release', 'shop@1.0.0', '--url-prefix', '~/static/js', `${site}/static/js`], cli);
    shop = await serveStorefront(site, { dsn, release: 'shop@1.0.0' });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    if (stack) {
      for (const service of stack.services.values()) {
        if (service.exits.length > 0) console.error(`${service.name} exited (${service.exits.join(', ')}):\n${service.logs()}`);
      }
      await stack.stop();
    }
    await github?.stop();
  }, 60_000);

  it('three distinct errors, one of them 50 times from five browsers, become exactly three GitHub issues', async () => {
    await throwIn(browser, shop.origin, 'pay', 1);
    await throwIn(browser, shop.origin, 'search', 1);
    for (const userAgent of USER_AGENTS) await throwIn(browser, shop.origin, 'cart', 10, userAgent);

    await waitFor(() => issues().length >= 3, { timeoutMs: 60_000, description: 'three GitHub issues' });
    // Counts once the pipeline drained: every one of the 52 events is in exactly one group.
    await waitFor(() => groups().reduce((sum, g) => sum + g.timesSeen, 0) === 52, { timeoutMs: 60_000, description: '52 events stored' });
    const stored = groups();
    expect(stored).toHaveLength(3);
    expect(stored.map((g) => g.timesSeen).sort((a, b) => a - b)).toEqual([1, 1, 50]);
    // Redelivery and timers have had time to misbehave: still three issues, no duplicates.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(issues()).toHaveLength(3);
    expect(github.validationProblems).toEqual([]);

    // E2E_DUMP_DIR=<dir> keeps the rendered issues for a look (docs/ shows one).
    if (process.env.E2E_DUMP_DIR) for (const issue of issues()) writeFileSync(`${process.env.E2E_DUMP_DIR}/issue-${issue.number}.md`, `# ${issue.title}\n\n${issue.body ?? ''}\n`);
    const cart = issueFor(/^TypeError/);
    expect(cart?.title).toMatch(/reduce/);
    // De-minified: the original file, line and function, with the source line itself.
    expect(cart?.body).toMatch(/cart\.js:3:\d+/);
    expect(cart?.body).toContain('cartTotal');
    expect(cart?.body).toContain('return cart.items.reduce(');
    expect(cart?.body).not.toMatch(/app\.js:1:\d{3,}/);
    // The link to the full event: the enriched event's JSON, only with the link's signature.
    const link = /\[The latest event as JSON\]\((http[^)]+)\)/.exec(cart?.body ?? '')?.[1];
    expect(link).toBeDefined();
    const event = (await (await fetch(link!)).json()) as { event_id: string; event: { exception: { values: { type: string }[] } } };
    expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(event.event.exception.values.at(-1)!.type).toBe('TypeError');
    expect((await fetch(link!.replace(/sig=[0-9a-f]{4}/, 'sig=0000'))).status).toBe(401);

    const pay = issueFor(/^PaymentDeclinedError/);
    expect(pay?.title).toContain('card declined: no token');
    expect(pay?.body).toMatch(/payment\.js:11:\d+/);
    expect(pay?.body).toContain("throw new PaymentDeclinedError('card declined: no token');");

    const search = issueFor(/^RangeError/);
    expect(search?.body).toMatch(/search\.js:3:\d+/);
    expect(search?.body).toContain('resultPage');
    // The handler is called through a table, so no call site names it: the function around it in
    // the original source does (the minified bundle calls it something like `ic`).
    expect(search?.body).toMatch(/main\.js:24:\d+` in `onSearch`/);
  });

  it('closing the issue on GitHub resolves the group; the error from a newer release reopens it with a regression comment', async () => {
    const cart = issueFor(/^TypeError/)!;
    const delivery = await github.closeIssue(REPO.owner, REPO.repo, cart.number);
    expect(delivery?.status).toBe(200);
    const cartGroup = () => groups().find((g) => /^TypeError/.test(g.title))!;
    await waitFor(() => cartGroup().status === 'resolved', { timeoutMs: 30_000, description: 'group resolved from GitHub' });

    shop.config.release = 'shop@1.1.0';
    await throwIn(browser, shop.origin, 'cart', 1);
    const regressionComment = () => github.issue(REPO.owner, REPO.repo, cart.number)?.comments.find((comment) => /regress/i.test(comment.body));
    await waitFor(() => github.issue(REPO.owner, REPO.repo, cart.number)?.state === 'open' && regressionComment(), { timeoutMs: 60_000, description: 'issue reopened with a regression comment' });
    expect(regressionComment()?.body).toContain('shop@1.1.0');
    expect(cartGroup().status).not.toBe('resolved');
    expect(issues()).toHaveLength(3);
  });
});
