// Per-project settings enrichment needs (slug for PII overrides, store_ip for the @ip rule), read
// from PostgreSQL and reused for ENRICHMENT_PROJECT_CACHE_TTL.
import type { ProjectRecord, ProjectsStore } from '@faultline/platform-projects';

/** What enrichment knows about a project. */
export interface ProjectSettings {
  slug?: string;
  storeIp: boolean;
}

/** Cached reads of project settings. */
export class ProjectSettingsCache {
  private readonly cache = new Map<string, { expires: number; value: Promise<ProjectSettings> }>();

  constructor(
    private readonly store: Pick<ProjectsStore, 'getProject'>,
    private readonly ttlMs: number,
  ) {}

  /** Settings of project `id` (decimal); an unknown project keeps IPs out and has no slug. */
  get(id: string): Promise<ProjectSettings> {
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.expires > now) return hit.value;
    const value = (/^\d{1,9}$/.test(id) ? this.store.getProject(Number(id)) : Promise.resolve(undefined)).then((p: ProjectRecord | undefined) => ({
      slug: p?.slug,
      storeIp: p?.storeIp ?? false,
    }));
    this.cache.set(id, { expires: now + this.ttlMs, value });
    value.catch(() => this.cache.delete(id));
    return value;
  }
}
