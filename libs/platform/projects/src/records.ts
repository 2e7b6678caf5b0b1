// Plain, immutable views of the rows, handed to callers instead of TypeORM entities so
// that the ingest cache can share them freely and nothing writes through them.
import type { ApiTokenEntity } from './entities/api-token.entity.js';
import type { ProjectKeyEntity } from './entities/project-key.entity.js';
import type { ProjectEntity } from './entities/project.entity.js';

/** A project as ingest and the CLI see it. */
export interface ProjectRecord {
  id: number;
  slug: string;
  name: string;
  enabled: boolean;
  githubRepo: string | null;
  allowedOrigins: string[];
  storeIp: boolean;
  /** The project's inbound filters; see {@link InboundFilters} for the keys ingest reads. */
  inboundFilters: Record<string, unknown>;
  /**
   * The project's PII scrubbing overrides (see `PiiSettings` for the keys enrichment reads); absent
   * where they are not read (ingest's key snapshot, which never needs them).
   */
  piiSettings?: Record<string, unknown>;
  rateLimitPerMinute: number | null;
  createdAt: Date;
}

/** A public DSN key as ingest and the CLI see it. */
export interface ProjectKeyRecord {
  publicKey: string;
  projectId: number;
  label: string;
  enabled: boolean;
  rateLimitPerSecond: number | null;
  rateLimitPerMinute: number | null;
  burst: number | null;
  /** Origins this key accepts; null means the project's `allowedOrigins`. */
  allowedOrigins: string[] | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** An API token without its secret (which is never stored). */
export interface ApiTokenRecord {
  id: number;
  name: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Converts a `projects` row to its record. */
export function toProjectRecord(row: ProjectEntity): ProjectRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    enabled: row.enabled,
    githubRepo: row.githubRepo ?? null,
    allowedOrigins: [...row.allowedOrigins],
    storeIp: row.storeIp,
    inboundFilters: { ...row.inboundFilters },
    piiSettings: { ...(row.piiSettings ?? {}) },
    rateLimitPerMinute: row.rateLimitPerMinute ?? null,
    createdAt: row.createdAt,
  };
}

/** Converts a `project_keys` row to its record. */
export function toProjectKeyRecord(row: ProjectKeyEntity): ProjectKeyRecord {
  return {
    publicKey: row.publicKey,
    projectId: row.projectId,
    label: row.label,
    enabled: row.enabled,
    rateLimitPerSecond: row.rateLimitPerSecond ?? null,
    rateLimitPerMinute: row.rateLimitPerMinute ?? null,
    burst: row.burst ?? null,
    allowedOrigins: row.allowedOrigins === null ? null : [...row.allowedOrigins],
    createdAt: row.createdAt,
    revokedAt: row.revokedAt ?? null,
  };
}

/** Converts an `api_tokens` row to its record, leaving the hash behind. */
export function toApiTokenRecord(row: ApiTokenEntity): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: [...row.scopes],
    createdAt: row.createdAt,
    revokedAt: row.revokedAt ?? null,
    lastUsedAt: row.lastUsedAt ?? null,
  };
}
