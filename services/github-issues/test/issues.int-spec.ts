// github-issues end to end against real NATS JetStream, PostgreSQL and the fake GitHub (every
// request validated against GitHub's OpenAPI description), with the service as real processes.
import { IssueCommandSchema, IssueCommandType, decodeMessage } from '@faultline/contracts';
import { waitFor } from '@faultline/platform-testing';
import { createHmac, randomUUID } from 'node:crypto';
import { createHarness, groupNotification, OWNER, REPO, WEBHOOK_SECRET, type Harness, type ServiceProcess } from './harness.js';
import { groupMarker } from '../src/index.js';

const shuffle = <T>(a: T[]): T[] => {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

describe('github-issues: one issue per group, two replicas, webhooks, regressions', () => {
  let h: Harness;
  let a: ServiceProcess;
  let b: ServiceProcess;

  beforeAll(async () => {
    h = await createHarness({ webhook: { url: 'http://127.0.0.1:1/unset', secret: WEBHOOK_SECRET } });
    // Replica b (the one webhooks reach) resolves closed issues in the next release.
    [a, b] = await Promise.all([h.spawnService(), h.spawnService({ GITHUB_RESOLVE_IN_NEXT_RELEASE: 'true' })]);
  }, 150_000);
  afterAll(async () => {
    await h?.close();
  });

  it('turns 100 shuffled, redelivered notifications for 10 groups into exactly 10 issues, without comments', async () => {
    const messages: { group: string; id: string; seen: number }[] = [];
    for (let g = 0; g < 10; g++) for (let k = 0; k < 10; k++) messages.push({ group: `g${g}`, id: `n-${g}-${k}`, seen: k + 1 });
    shuffle(messages);
    await Promise.all(messages.map((m) => h.publish('github', groupNotification('p1', m.group, { timesSeen: m.seen }), m.id)));
    // Redeliveries of already published notifications (new copies, as after a router fail-over).
    await Promise.all(shuffle(messages.slice(0, 30)).map((m) => h.publish('github', groupNotification('p1', m.group, { timesSeen: m.seen }), `${m.id}-again`)));
    await waitFor(async () => {
      const rows = await h.db.query(`SELECT count(*)::int AS n FROM github_issue_links WHERE state = 'linked'`);
      return rows.rows[0].n === 10;
    }, { timeoutMs: 45_000, description: '10 linked groups' }).catch((e) => {
      console.log(h.fake.requests.map((r) => [r.at, r.method, r.operation, r.status, r.fault]).slice(0, 40));
      console.log(a.output().slice(-4000), b.output().slice(-2000));
      throw e;
    });
    // Let any straggling attempt finish, then count what GitHub has.
    await new Promise((r) => setTimeout(r, 1_000));
    const issues = h.fake.listIssues(OWNER, REPO);
    if (issues.length !== 10) {
      console.log(issues.map((i) => [i.number, i.body?.match(/faultline:group=([^ ]+)/)?.[1], i.createdAt.toISOString()]));
      console.log(h.fake.requests.filter((r) => r.method !== 'GET').map((r) => [r.at, r.operation, r.status, r.fault]));
      console.log(a.output().slice(-3000), b.output().slice(-3000));
    }
    expect(issues).toHaveLength(10);
    expect(new Set(issues.map((i) => i.body?.match(/faultline:group=([^ ]+)/)?.[1])).size).toBe(10);
    for (let g = 0; g < 10; g++) expect(issues.filter((i) => i.body?.includes(groupMarker('p1', `g${g}`)))).toHaveLength(1);
    const i0 = issues.find((i) => i.body?.includes(groupMarker('p1', 'g0')))!;
    expect(i0.title).toBe('TypeError: boom in g0');
    expect(i0.labels).toEqual(['faultline', 'error', 'production']);
    expect(i0.body).toContain('web@1.0.0');
    expect(i0.user).toBe('faultline[bot]');
    // Later notifications within the comment interval (1 h) add nothing.
    expect(issues.flatMap((i) => i.comments)).toEqual([]);
    expect(h.fake.validationProblems).toEqual([]);
  }, 120_000);

  const sign = (body: string) => `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
  const post = (svc: ServiceProcess, body: string, headers: Record<string, string>) =>
    fetch(`${svc.url}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('refuses webhooks with a missing or wrong signature, and accepts a valid one', async () => {
    const body = JSON.stringify({ action: 'labeled', issue: { number: 1 }, repository: { name: REPO, owner: { login: OWNER } } });
    const base = { 'x-github-event': 'issues', 'x-github-delivery': randomUUID() };
    const missing = await post(a, body, base);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ detail: 'missing X-Hub-Signature-256 header' });
    expect((await post(a, body, { ...base, 'x-hub-signature-256': sign(`${body} `) })).status).toBe(401);
    expect((await post(a, body, { ...base, 'x-hub-signature-256': 'sha256=00' })).status).toBe(401);
    const ok = await post(a, body, { ...base, 'x-hub-signature-256': sign(body) });
    expect(ok.status).toBe(202);
  });

  it('publishes resolve when the issue is closed on GitHub, unresolve on reopen, once per delivery; a regression reopens it', async () => {
    const issue = h.fake.listIssues(OWNER, REPO).find((i) => i.body?.includes(groupMarker('p1', 'g3')))!;
    const commands: { command: IssueCommandType; group: string; delivery: string; nextRelease: boolean }[] = [];
    const sub = h.nc.subscribe(`${h.prefix}.issues.commands.>`, {
      callback: (_e, m) => {
        const c = decodeMessage(IssueCommandSchema, m.data);
        commands.push({ command: c.command, group: c.groupId, delivery: c.deliveryId, nextRelease: c.resolveInNextRelease });
      },
    });
    // The fake delivers its webhooks to replica b.
    (h.fake as unknown as { options: { webhook: { url: string } } }).options.webhook.url = `${b.url}/api/github/webhooks`;
    const closed = await h.fake.closeIssue(OWNER, REPO, issue.number, { actor: 'dev1' });
    expect(closed.status).toBe(200);
    await waitFor(() => commands.length === 1, { description: 'resolve command' });
    expect(commands[0]).toEqual({ command: IssueCommandType.RESOLVE, group: 'g3', delivery: closed.id, nextRelease: true });
    // GitHub redelivers the same delivery: handled once.
    const again = await h.fake.redeliver(closed.id);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ duplicate: closed.id });
    const reopened = await h.fake.reopenIssue(OWNER, REPO, issue.number);
    await waitFor(() => commands.length === 2, { description: 'unresolve command' });
    expect(commands[1]).toMatchObject({ command: IssueCommandType.UNRESOLVE, group: 'g3', delivery: reopened.id, nextRelease: false });
    await h.fake.closeIssue(OWNER, REPO, issue.number);
    await waitFor(() => commands.length === 3);
    expect(h.fake.issue(OWNER, REPO, issue.number)!.state).toBe('closed');

    // A regression notification reopens the closed issue with a comment naming the release.
    await h.publish('github', groupNotification('p1', 'g3', { alertname: 'Regression', release: 'web@2.0.0', timesSeen: 50, startsAt: new Date() }), 'regression-g3');
    await waitFor(() => h.fake.issue(OWNER, REPO, issue.number)!.state === 'open', { timeoutMs: 15_000, description: 'issue reopened' });
    const reopenedIssue = h.fake.issue(OWNER, REPO, issue.number)!;
    expect(reopenedIssue.stateReason).toBe('reopened');
    await waitFor(() => reopenedIssue.comments.length === 1);
    expect(reopenedIssue.comments[0]!.body).toContain('web@2.0.0');
    expect(reopenedIssue.comments[0]!.body).toContain('Regression');
    await sub.drain();
    expect(h.fake.listIssues(OWNER, REPO)).toHaveLength(10);
    expect(h.fake.validationProblems).toEqual([]);
  });

  it('unlinks a deleted issue and opens a new one on the next notification', async () => {
    const issue = h.fake.listIssues(OWNER, REPO).find((i) => i.body?.includes(groupMarker('p1', 'g5')))!;
    const d = await h.fake.deleteIssue(OWNER, REPO, issue.number);
    expect(d.status).toBe(200);
    const row = await h.db.query(`SELECT state FROM github_issue_links WHERE link_key = 'group:p1/g5'`);
    expect(row.rows[0].state).toBe('unlinked');
    await h.publish('github', groupNotification('p1', 'g5', { timesSeen: 99 }), 'after-delete-g5');
    await waitFor(() => h.fake.listIssues(OWNER, REPO).filter((i) => i.body?.includes(groupMarker('p1', 'g5'))).length === 1, { timeoutMs: 10_000 });
    expect(h.fake.listIssues(OWNER, REPO)).toHaveLength(10);
  });
});
