// Dry-run mode (no GitHub credentials): issues and comments are written as Markdown files under
// GITHUB_DRY_RUN_DIR/<owner>/<repo>/ and logged, so `npm run up` shows the whole loop without a
// GitHub account. Numbers continue from the files already there.
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { GitHubApi, IssueRef, NewIssue, RepoRef } from './github-api.js';

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/** A GitHubApi that writes files instead of calling GitHub. */
export class DryRunGitHubApi implements GitHubApi {
  readonly mode = 'dry-run' as const;
  private readonly log = new Logger('github-dry-run');
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  createIssue(r: RepoRef, issue: NewIssue, beforeSend?: () => Promise<void>): Promise<IssueRef> {
    return this.serial(async () => {
      await beforeSend?.();
      const dir = await this.repoDir(r);
      const numbers = (await readdir(dir)).map((f) => Number(/^(\d+)\.md$/.exec(f)?.[1] ?? 0));
      const number = Math.max(0, ...numbers) + 1;
      const file = join(dir, `${number}.md`);
      const front = [`title: ${JSON.stringify(issue.title)}`, `labels: ${JSON.stringify(issue.labels)}`, `assignees: ${JSON.stringify(issue.assignees)}`, 'state: open'];
      await writeFile(file, `---\n${front.join('\n')}\n---\n\n${issue.body}\n`);
      this.log.log({ file, title: issue.title, labels: issue.labels }, `dry run: would create issue ${r.owner}/${r.repo}#${number}`);
      return { number, url: `file://${file}`, state: 'open' as const };
    });
  }

  setState(r: RepoRef, number: number, state: 'open' | 'closed', reason: string): Promise<void> {
    return this.append(r, number, `\n---\n_${new Date().toISOString()}: state → ${state} (${reason})_\n`, `would set ${r.owner}/${r.repo}#${number} ${state}`);
  }

  comment(r: RepoRef, number: number, body: string): Promise<void> {
    return this.append(r, number, `\n---\n**Comment** (${new Date().toISOString()}):\n\n${body}\n`, `would comment on ${r.owner}/${r.repo}#${number}`);
  }

  async findByMarker(r: RepoRef, _label: string, marker: string): Promise<IssueRef | null> {
    const dir = await this.repoDir(r);
    for (const f of (await readdir(dir)).filter((x) => x.endsWith('.md'))) {
      if ((await readFile(join(dir, f), 'utf8')).includes(marker)) return { number: Number(f.slice(0, -3)), url: `file://${join(dir, f)}`, state: 'open' };
    }
    return null;
  }

  async readFile(): Promise<string | null> {
    return null;
  }

  private async append(r: RepoRef, number: number, text: string, message: string): Promise<void> {
    await this.serial(async () => {
      const file = join(await this.repoDir(r), `${number}.md`);
      await appendFile(file, text);
      this.log.log({ file }, `dry run: ${message}`);
    });
  }

  private async repoDir(r: RepoRef): Promise<string> {
    const dir = join(this.dir, safe(r.owner), safe(r.repo));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  // One file operation at a time, so two notifications never pick the same number.
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
