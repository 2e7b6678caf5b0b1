// Projects and their public keys in PostgreSQL. The ingest hot path never calls this
// class directly: it reads a ProjectKeyCache snapshot built from `loadSnapshot()`.
import { isUniqueViolation, withTransaction } from '@faultline/platform-persistence';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';

import { ApiTokens, type CreateApiTokenInput, type CreatedApiToken } from './api-tokens.js';
import { ProjectKeyEntity } from './entities/project-key.entity.js';
import { ProjectEntity } from './entities/project.entity.js';
import { KeyNotFoundError, ProjectExistsError, ProjectNotFoundError } from './errors.js';
import { toProjectKeyRecord, toProjectRecord, type ApiTokenRecord, type ProjectKeyRecord, type ProjectRecord } from './records.js';
import { generatePublicKey } from './secrets.js';
import { assertGithubRepo, assertLimit, assertOrigins, assertSlug, parseInboundFilters, parsePiiSettings, type InboundFilters, type PiiSettings } from './validation.js';

/** What `createProject` takes; the name defaults to the slug. */
export interface CreateProjectInput {
  slug: string;
  name?: string;
  githubRepo?: string | null;
}

/** What `createKey` takes; unset limits mean "no per-key limit", unset origins mean the project's. */
export interface CreateKeyInput {
  label?: string;
  rateLimitPerSecond?: number | null;
  rateLimitPerMinute?: number | null;
  burst?: number | null;
  allowedOrigins?: string[] | null;
}

/** The settings `updateProject` can change; absent fields stay as they are. */
export interface ProjectPatch {
  name?: string;
  enabled?: boolean;
  githubRepo?: string | null;
  allowedOrigins?: string[];
  storeIp?: boolean;
  inboundFilters?: InboundFilters;
  piiSettings?: PiiSettings;
  rateLimitPerMinute?: number | null;
}

/** Everything the ingest cache needs, read in one consistent snapshot. */
export interface ProjectsSnapshot {
  projects: ProjectRecord[];
  keys: ProjectKeyRecord[];
}

/** Label of the key `createProject` makes, as Sentry names it. */
export const DEFAULT_KEY_LABEL = 'Default';

/** Reads and writes projects, keys and API tokens; constructed with an initialised data source. */
export class ProjectsStore {
  private readonly tokens: ApiTokens;

  constructor(private readonly dataSource: DataSource) {
    this.tokens = new ApiTokens(dataSource);
  }

  /** Creates a project and its first key; throws ProjectExistsError for a taken slug. */
  async createProject(input: CreateProjectInput): Promise<{ project: ProjectRecord; key: ProjectKeyRecord }> {
    assertSlug(input.slug);
    if (input.githubRepo !== undefined && input.githubRepo !== null) assertGithubRepo(input.githubRepo);
    const name = input.name?.trim() || input.slug;
    try {
      return await withTransaction(this.dataSource, async (manager) => {
        const projects = manager.getRepository(ProjectEntity);
        const saved = await projects.save(projects.create({ slug: input.slug, name, githubRepo: input.githubRepo ?? null }));
        const key = await insertKey(manager, saved.id, { label: DEFAULT_KEY_LABEL });
        return { project: toProjectRecord(await projects.findOneByOrFail({ id: saved.id })), key };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'projects_slug_key')) throw new ProjectExistsError(input.slug);
      throw err;
    }
  }

  /** Every project, by id. */
  async listProjects(): Promise<ProjectRecord[]> {
    const rows = await this.dataSource.getRepository(ProjectEntity).find({ order: { id: 'ASC' } });
    return rows.map(toProjectRecord);
  }

  /** The project with this id (number) or slug (string), or undefined. */
  async getProject(idOrSlug: number | string): Promise<ProjectRecord | undefined> {
    const projects = this.dataSource.getRepository(ProjectEntity);
    const row = typeof idOrSlug === 'number' ? await projects.findOneBy({ id: idOrSlug }) : await projects.findOneBy({ slug: idOrSlug });
    return row === null ? undefined : toProjectRecord(row);
  }

  /** Changes the given settings of a project and returns it; throws ProjectNotFoundError. */
  async updateProject(slug: string, patch: ProjectPatch): Promise<ProjectRecord> {
    const projects = this.dataSource.getRepository(ProjectEntity);
    const row = await projects.findOneBy({ slug });
    if (row === null) throw new ProjectNotFoundError(slug);
    if (patch.name !== undefined) row.name = patch.name.trim() || row.name;
    if (patch.enabled !== undefined) row.enabled = patch.enabled;
    if (patch.githubRepo !== undefined) {
      if (patch.githubRepo !== null) assertGithubRepo(patch.githubRepo);
      row.githubRepo = patch.githubRepo;
    }
    if (patch.allowedOrigins !== undefined) {
      assertOrigins(patch.allowedOrigins);
      row.allowedOrigins = [...patch.allowedOrigins];
    }
    if (patch.storeIp !== undefined) row.storeIp = patch.storeIp;
    if (patch.inboundFilters !== undefined) row.inboundFilters = parseInboundFilters(patch.inboundFilters);
    if (patch.piiSettings !== undefined) row.piiSettings = parsePiiSettings(patch.piiSettings);
    if (patch.rateLimitPerMinute !== undefined) {
      assertLimit('rateLimitPerMinute', patch.rateLimitPerMinute);
      row.rateLimitPerMinute = patch.rateLimitPerMinute;
    }
    await projects.save(row);
    return toProjectRecord(await projects.findOneByOrFail({ id: row.id }));
  }

  /** Enables or disables a project: ingest answers 403 for a disabled one. */
  async setProjectEnabled(slug: string, enabled: boolean): Promise<ProjectRecord> {
    return this.updateProject(slug, { enabled });
  }

  /** Adds a key to a project; throws ProjectNotFoundError. */
  async createKey(projectSlug: string, input: CreateKeyInput = {}): Promise<ProjectKeyRecord> {
    const project = await this.requireProject(projectSlug);
    return insertKey(this.dataSource.manager, project.id, input);
  }

  /** Revokes a key for good (idempotent) and returns it; throws KeyNotFoundError. */
  async revokeKey(publicKey: string): Promise<ProjectKeyRecord> {
    const keys = this.dataSource.getRepository(ProjectKeyEntity);
    // Only an unrevoked key is touched, so revoking twice keeps the first revocation time.
    await keys.update({ publicKey, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    const row = await keys.findOneBy({ publicKey });
    if (row === null) throw new KeyNotFoundError(publicKey);
    return toProjectKeyRecord(row);
  }

  /** Enables or disables a key without revoking it (ingest answers 403 while disabled). */
  async setKeyEnabled(publicKey: string, enabled: boolean): Promise<ProjectKeyRecord> {
    const keys = this.dataSource.getRepository(ProjectKeyEntity);
    await keys.update({ publicKey }, { enabled });
    const row = await keys.findOneBy({ publicKey });
    if (row === null) throw new KeyNotFoundError(publicKey);
    return toProjectKeyRecord(row);
  }

  /** The keys of a project, revoked ones included, oldest first; throws ProjectNotFoundError. */
  async listKeys(projectSlug: string): Promise<ProjectKeyRecord[]> {
    const project = await this.requireProject(projectSlug);
    const rows = await this.dataSource.getRepository(ProjectKeyEntity).find({ where: { projectId: project.id }, order: { createdAt: 'ASC' } });
    return rows.map(toProjectKeyRecord);
  }

  /** Creates an API token; the returned `token` is the only time the secret exists outside its holder. */
  async createApiToken(input: CreateApiTokenInput): Promise<CreatedApiToken> {
    return this.tokens.create(input);
  }

  /** The record of a valid, unrevoked token, or undefined; records the use at most once a minute. */
  async verifyApiToken(token: string): Promise<ApiTokenRecord | undefined> {
    return this.tokens.verify(token);
  }

  /** Revokes an API token (idempotent); throws ApiTokenNotFoundError. */
  async revokeApiToken(id: number): Promise<ApiTokenRecord> {
    return this.tokens.revoke(id);
  }

  /** Every API token (without secrets), oldest first. */
  async listApiTokens(): Promise<ApiTokenRecord[]> {
    return this.tokens.list();
  }

  /** Every project and every key (revoked ones too, so ingest can tell revoked from unknown). */
  async loadSnapshot(): Promise<ProjectsSnapshot> {
    // One REPEATABLE READ transaction: a key never appears without its project.
    return withTransaction(
      this.dataSource,
      async (manager) => {
        const projects = await manager.getRepository(ProjectEntity).find({ order: { id: 'ASC' } });
        const keys = await manager.getRepository(ProjectKeyEntity).find({ order: { createdAt: 'ASC' } });
        return { projects: projects.map(toProjectRecord), keys: keys.map(toProjectKeyRecord) };
      },
      'REPEATABLE READ',
    );
  }

  private async requireProject(slug: string): Promise<ProjectRecord> {
    const project = await this.getProject(slug);
    if (project === undefined) throw new ProjectNotFoundError(slug);
    return project;
  }
}

async function insertKey(manager: EntityManager, projectId: number, input: CreateKeyInput): Promise<ProjectKeyRecord> {
  assertLimit('rateLimitPerSecond', input.rateLimitPerSecond);
  assertLimit('rateLimitPerMinute', input.rateLimitPerMinute);
  assertLimit('burst', input.burst);
  if (input.allowedOrigins) assertOrigins(input.allowedOrigins);
  const keys = manager.getRepository(ProjectKeyEntity);
  const row = keys.create({
    publicKey: generatePublicKey(),
    projectId,
    label: input.label?.trim() || DEFAULT_KEY_LABEL,
    rateLimitPerSecond: input.rateLimitPerSecond ?? null,
    rateLimitPerMinute: input.rateLimitPerMinute ?? null,
    burst: input.burst ?? null,
    allowedOrigins: input.allowedOrigins ?? null,
  });
  await keys.insert(row);
  return toProjectKeyRecord(await keys.findOneByOrFail({ publicKey: row.publicKey }));
}
