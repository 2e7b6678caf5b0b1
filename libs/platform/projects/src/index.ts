// Public surface of @faultline/platform-projects: projects, public keys and API tokens in
// PostgreSQL, and the in-memory key cache the ingest hot path authenticates from.
import { ApiTokenEntity } from './entities/api-token.entity.js';
import { ProjectKeyEntity } from './entities/project-key.entity.js';
import { ProjectEntity } from './entities/project.entity.js';
import { CreateProjects1795800000000 } from './migrations/1795800000000-create-projects.migration.js';
import { ProjectPiiSettings1797100000000 } from './migrations/1797100000000-project-pii-settings.migration.js';

/** The entities to pass to `createDataSource` of a service using this library. */
export const PROJECTS_ENTITIES = [ProjectEntity, ProjectKeyEntity, ApiTokenEntity];

/** The migrations creating this library's tables, oldest first. */
export const PROJECTS_MIGRATIONS = [CreateProjects1795800000000, ProjectPiiSettings1797100000000];

export type { CreateApiTokenInput, CreatedApiToken } from './api-tokens.js';
export { formatDsn } from './dsn.js';
export { ApiTokenEntity, ProjectEntity, ProjectKeyEntity };
export {
  ApiTokenNotFoundError,
  InvalidInputError,
  KeyNotFoundError,
  ProjectExistsError,
  ProjectNotFoundError,
  ProjectsError,
} from './errors.js';
export {
  ProjectKeyCache,
  type KeyLookup,
  type KeyStatus,
  type ProjectKeyCacheOptions,
  type SnapshotSource,
} from './project-key-cache.js';
export {
  DEFAULT_KEY_LABEL,
  ProjectsStore,
  type CreateKeyInput,
  type CreateProjectInput,
  type ProjectPatch,
  type ProjectsSnapshot,
} from './projects-store.js';
export type { ApiTokenRecord, ProjectKeyRecord, ProjectRecord } from './records.js';
export { API_TOKEN_PREFIX, generatePublicKey, hashApiToken } from './secrets.js';
export { inboundFiltersSchema, parseInboundFilters, parsePiiSettings, PII_SETTINGS_KEYS, piiSettingsSchema, type InboundFilters, type PiiSettings } from './validation.js';
