// Per-project settings enrichment needs (slug for PII overrides, the project's own PII overrides,
// store_ip for the @ip rule), read from PostgreSQL and reused for ENRICHMENT_PROJECT_CACHE_TTL.
import { parsePiiSettings, type ProjectRecord, type ProjectsStore } from '@faultline/platform-projects';
import type { PiiConfig } from '@faultline/scrubbing';

/** What enrichment knows about a project. */
export interface ProjectSettings {
  slug?: string;
  storeIp: boolean;
  /** `projects.pii_settings` (`faultline project set --pii`), applied over `ENRICHMENT_PII`. */
  pii: Partial<PiiConfig>;
  /** `pii` as JSON text: part of the key the built scrubbing config is cached under. */
  piiKey: string;
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
    const value = (/^\d{1,9}$/.test(id) ? this.store.getProject(Number(id)) : Promise.resolve(undefined)).then((p: ProjectRecord | undefined) => {
      const pii = storedPii(p?.piiSettings);
      return { slug: p?.slug, storeIp: p?.storeIp ?? false, pii, piiKey: JSON.stringify(pii) };
    });
    this.cache.set(id, { expires: now + this.ttlMs, value });
    value.catch(() => this.cache.delete(id));
    return value;
  }
}

/**
 * The project's PII overrides (their keys are PiiConfig's: enrichment.config.spec.ts). The CLI and
 * the store check them when written; a row edited by hand into something invalid is ignored as a
 * whole, which leaves ENRICHMENT_PII's rules (scrubbing stays on) rather than half of it.
 */
function storedPii(value: Record<string, unknown> | undefined): Partial<PiiConfig> {
  try {
    return parsePiiSettings(value ?? {}) as Partial<PiiConfig>;
  } catch {
    return {};
  }
}
