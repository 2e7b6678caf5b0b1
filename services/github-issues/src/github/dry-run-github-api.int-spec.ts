import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DryRunGitHubApi } from './dry-run-github-api.js';

describe('DryRunGitHubApi', () => {
  it('writes numbered Markdown issues per repository, appends comments and finds markers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-dry-'));
    try {
      const gh = new DryRunGitHubApi(dir);
      const r = { owner: 'acme', repo: 'web' };
      const [a, b] = await Promise.all([
        gh.createIssue(r, { title: 'A', body: 'body A <!-- faultline:group=1/a -->', labels: ['faultline'], assignees: [] }),
        gh.createIssue(r, { title: 'B', body: 'body B <!-- faultline:group=1/b -->', labels: ['faultline'], assignees: [] }),
      ]);
      expect([a.number, b.number].sort()).toEqual([1, 2]);
      await gh.comment(r, a.number, 'more events');
      await gh.setState(r, a.number, 'closed', 'completed');
      const text = readFileSync(join(dir, 'acme', 'web', `${a.number}.md`), 'utf8');
      expect(text).toContain('title: "A"');
      expect(text).toContain('more events');
      expect(text).toContain('state → closed');
      expect((await gh.findByMarker(r, 'faultline', '<!-- faultline:group=1/b -->'))?.number).toBe(b.number);
      expect(await gh.findByMarker(r, 'faultline', '<!-- faultline:group=1/c -->')).toBeNull();
      // A restarted service continues the numbering.
      expect((await new DryRunGitHubApi(dir).createIssue(r, { title: 'C', body: '', labels: [], assignees: [] })).number).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
