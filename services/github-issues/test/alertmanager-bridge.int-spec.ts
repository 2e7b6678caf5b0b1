// The Alertmanager bridge against a real Prometheus Alertmanager (Debian's prometheus-alertmanager)
// whose webhook receiver points at POST /api/v1/alertmanager/webhook: one issue per alert group
// (repository from the `github_repository` label or GITHUB_REPOSITORY), a comment on repeat, and
// the issue closed when the group resolves. Token auth (GITHUB_TOKEN) against the fake GitHub.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@faultline/platform-testing';
import { createHarness, groupNotification, OWNER, REPO, type Harness, type ServiceProcess } from './harness.js';

const HAS_AM = spawnSync('prometheus-alertmanager', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAS_AM) console.warn('prometheus-alertmanager not found: skipping the Alertmanager bridge test (apt-get install prometheus-alertmanager)');

describe.skipIf(!HAS_AM)('Alertmanager bridge with a real Alertmanager', () => {
  let h: Harness;
  let svc: ServiceProcess;
  let am: ChildProcess | undefined;
  let dir = '';
  let amURL = '';

  beforeAll(async () => {
    h = await createHarness({ tokens: ['ghp_bridge_test_token_0001'] });
    svc = await h.spawnService({ GITHUB_APP_ID: '', GITHUB_PRIVATE_KEY: '', GITHUB_TOKEN: 'ghp_bridge_test_token_0001', GITHUB_COMMENT_INTERVAL: '0' });
    const port = await freePort();
    amURL = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'gh-am-'));
    writeFileSync(join(dir, 'am.yml'), `
route:
  receiver: github
  group_by: [alertname]
  group_wait: 200ms
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: github
    webhook_configs:
      - url: ${svc.url}/api/v1/alertmanager/webhook
        send_resolved: true
`);
    am = spawn('prometheus-alertmanager', [
      `--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'data')}`, '--cluster.listen-address=',
      `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${amURL}`, '--log.level=warn',
    ], { stdio: 'ignore' });
    await waitFor(() => fetch(`${amURL}/-/ready`).then((r) => r.ok, () => false), { timeoutMs: 15_000, description: 'alertmanager ready' });
  }, 120_000);

  afterAll(async () => {
    if (am && am.exitCode === null) {
      const exited = new Promise((r) => am!.once('exit', r));
      am.kill('SIGTERM');
      await exited;
    }
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = (alerts: { labels: Record<string, string>; annotations?: Record<string, string>; endsAt?: string }[]) =>
    fetch(`${amURL}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });

  it('files one issue per group, comments on repeat and closes it on resolve', async () => {
    const disk = [
      { labels: { alertname: 'DiskFull', instance: 'db1', github_repository: `${OWNER}/ops` }, annotations: { summary: 'disk almost full' } },
      { labels: { alertname: 'DiskFull', instance: 'db2', github_repository: `${OWNER}/ops` }, annotations: { summary: 'disk almost full' } },
    ];
    const latency = [{ labels: { alertname: 'HighLatency', service: 'checkout' }, annotations: { summary: 'p99 over 2s' } }];
    expect((await post([...disk, ...latency])).status).toBe(200);

    await waitFor(() => h.fake.listIssues(OWNER, 'ops').length === 1 && h.fake.listIssues(OWNER, REPO).length === 1, { timeoutMs: 15_000, description: 'two issues' });
    const diskIssue = h.fake.listIssues(OWNER, 'ops')[0]!;
    expect(diskIssue.title).toBe('[DiskFull] disk almost full');
    expect(diskIssue.body).toContain('instance=db1');
    expect(diskIssue.body).toMatch(/<!-- faultline:alertmanager=[0-9a-f]{32} -->/);
    expect(h.fake.listIssues(OWNER, REPO)[0]!.title).toBe('[HighLatency] p99 over 2s');

    // Repeat notifications (repeat_interval 2s) update the same issue instead of opening another.
    await waitFor(() => diskIssue.comments.length >= 1, { timeoutMs: 15_000, description: 'repeat comment' });
    expect(diskIssue.comments[0]!.body).toContain('Still firing');

    const now = new Date().toISOString();
    expect((await post(disk.map((a) => ({ ...a, endsAt: now })))).status).toBe(200);
    await waitFor(() => diskIssue.state === 'closed', { timeoutMs: 15_000, description: 'disk issue closed' });
    expect(diskIssue.stateReason).toBe('completed');
    expect(diskIssue.comments.at(-1)!.body).toContain('Resolved');
    expect(h.fake.listIssues(OWNER, 'ops')).toHaveLength(1);
    expect(h.fake.listIssues(OWNER, REPO)).toHaveLength(1);
    expect(h.fake.listIssues(OWNER, REPO)[0]!.state).toBe('open');
    expect(h.fake.validationProblems).toEqual([]);
  });

  it('answers malformed payloads with 400 saying what is wrong', async () => {
    const res = await fetch(`${svc.url}/api/v1/alertmanager/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '3', alerts: {} }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toBe('not an Alertmanager webhook v4 payload: version must be "4" (got "3"); groupKey is required; status must be "firing" or "resolved"; alerts must be an array');
  });

  it('comments on later notifications of a group with the counts since the previous comment (GITHUB_COMMENT_INTERVAL=0 here)', async () => {
    const repo = { 'Faultline-Github-Repo': `${OWNER}/updates`, 'Faultline-Github-Labels': 'team-web' };
    await h.publish('github', groupNotification('p2', 'u1', { timesSeen: 4 }), 'u1-1', repo);
    await waitFor(() => h.fake.listIssues(OWNER, 'updates').length === 1, { timeoutMs: 15_000 });
    const issue = h.fake.listIssues(OWNER, 'updates')[0]!;
    expect(issue.labels).toEqual(['faultline', 'team-web', 'error', 'production']);
    await h.publish('github', groupNotification('p2', 'u1', { timesSeen: 10 }), 'u1-2', repo);
    await waitFor(() => issue.comments.length === 1, { timeoutMs: 15_000 });
    expect(issue.comments[0]!.body).toContain('6 new event(s)');
    expect(issue.comments[0]!.body).toContain('10 in total');
    await h.publish('github', groupNotification('p2', 'u1', { timesSeen: 11 }), 'u1-3', repo);
    await waitFor(() => issue.comments.length === 2, { timeoutMs: 15_000 });
    expect(issue.comments[1]!.body).toContain('1 new event(s)');
    expect(h.fake.listIssues(OWNER, 'updates')).toHaveLength(1);
  });
});
