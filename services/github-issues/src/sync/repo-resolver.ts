// Which repository a project's issues go to: the router's per-receiver `repo` (a message header),
// then GITHUB_PROJECT_REPOSITORIES, then the project's own `github_repo` (projects table), then
// GITHUB_REPOSITORY.
import type { DataSource } from 'typeorm';
import { parseRepo, type RepoRef } from '../github/github-api.js';
import { RetryLaterError } from './issue-sync.js';

/** How long a notification waits when the projects table cannot be read (PostgreSQL unreachable). */
export const REPO_LOOKUP_RETRY_MS = 5_000;

/** Resolves repositories for projects. */
export class RepoResolver {
  private readonly cache = new Map<string, { repo: string | null; at: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly perProject: Readonly<Record<string, string>>,
    private readonly fallback: string | undefined,
    /** In dry run, a project without a repository still gets its issues written, under `dry-run/project-<id>`. */
    private readonly dryRun = false,
  ) {}

  /** The repository of `projectId`, or null when none is configured anywhere. */
  async forProject(projectId: string, fromMessage?: string): Promise<RepoRef | null> {
    if (fromMessage && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(fromMessage)) return parseRepo(fromMessage);
    const configured = this.perProject[projectId] ?? (await this.fromProjects(projectId));
    const repo = configured ?? this.fallback;
    if (!repo && this.dryRun) return { owner: 'dry-run', repo: `project-${projectId.replace(/[^A-Za-z0-9_.-]/g, '_')}` };
    return repo ? parseRepo(repo) : null;
  }

  // The projects table belongs to platform-projects; it may be absent in a bridge-only setup.
  private async fromProjects(projectId: string): Promise<string | undefined> {
    const hit = this.cache.get(projectId);
    if (hit && Date.now() - hit.at < 60_000) return hit.repo ?? undefined;
    let repo: string | null = null;
    try {
      const rows: { github_repo: string | null; slug: string }[] = /^\d+$/.test(projectId)
        ? await this.ds.query(`SELECT github_repo, slug FROM projects WHERE id = $1`, [Number(projectId)])
        : await this.ds.query(`SELECT github_repo, slug FROM projects WHERE slug = $1`, [projectId]);
      repo = rows[0] ? (this.perProject[rows[0].slug] ?? rows[0].github_repo) : null;
    } catch (error) {
      // No projects table (42P01 undefined_table): a bridge-only setup, where only the variables configure repositories.
      // Anything else (PostgreSQL down, a timeout) says nothing about the project: not cached, retried later, so a
      // database outage never dead-letters a notification as "no repository configured".
      if ((error as { code?: string }).code !== '42P01') {
        throw new RetryLaterError(REPO_LOOKUP_RETRY_MS, `could not read the repository of project ${projectId} from PostgreSQL: ${(error as Error).message}`);
      }
    }
    this.cache.set(projectId, { repo, at: Date.now() });
    return repo ?? undefined;
  }
}
