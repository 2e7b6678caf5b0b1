// A project's repository comes from the projects table; a database that cannot answer must make
// the notification wait (retry), never look like "no repository configured" (dead letter).
import type { DataSource } from 'typeorm';
import { RetryLaterError } from './issue-sync.js';
import { REPO_LOOKUP_RETRY_MS, RepoResolver } from './repo-resolver.js';

function dataSource(answers: (() => unknown)[]): { ds: DataSource; calls: () => number } {
  let calls = 0;
  const ds = { query: async () => answers[Math.min(calls++, answers.length - 1)]!() } as unknown as DataSource;
  return { ds, calls: () => calls };
}

const unreachable = () => {
  throw Object.assign(new Error('Connection terminated due to connection timeout'), { code: undefined });
};

describe('RepoResolver', () => {
  it("reads the project's github_repo", async () => {
    const { ds } = dataSource([() => [{ github_repo: 'acme/web', slug: 'web' }]]);
    expect(await new RepoResolver(ds, {}, undefined).forProject('1')).toEqual({ owner: 'acme', repo: 'web' });
  });

  it('asks for a retry, and caches nothing, when PostgreSQL cannot answer', async () => {
    const { ds, calls } = dataSource([unreachable, () => [{ github_repo: 'acme/web', slug: 'web' }]]);
    const resolver = new RepoResolver(ds, {}, 'fallback/repo');
    const failed = await resolver.forProject('1').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(RetryLaterError);
    expect((failed as RetryLaterError).delayMs).toBe(REPO_LOOKUP_RETRY_MS);
    expect((failed as Error).message).toContain('project 1');
    // The next message asks again and gets the project's own repository, not the fallback.
    expect(await resolver.forProject('1')).toEqual({ owner: 'acme', repo: 'web' });
    expect(calls()).toBe(2);
  });

  it('falls back to GITHUB_REPOSITORY when there is no projects table (a bridge-only setup)', async () => {
    const { ds } = dataSource([
      () => {
        throw Object.assign(new Error('relation "projects" does not exist'), { code: '42P01' });
      },
    ]);
    expect(await new RepoResolver(ds, {}, 'acme/all').forProject('1')).toEqual({ owner: 'acme', repo: 'all' });
    expect(await new RepoResolver(ds, {}, undefined).forProject('1')).toBeNull();
  });

  it('uses the repository the router sent, without asking the database', async () => {
    const { ds, calls } = dataSource([unreachable]);
    expect(await new RepoResolver(ds, {}, undefined).forProject('1', 'acme/routed')).toEqual({ owner: 'acme', repo: 'routed' });
    expect(calls()).toBe(0);
  });
});
