// Everything the service's data source runs: projects first (artifacts reference them).
import { ARTIFACTS_MIGRATIONS } from '@faultline/platform-artifacts';
import type { MigrationClass } from '@faultline/platform-persistence';
import { PROJECTS_MIGRATIONS } from '@faultline/platform-projects';

/** The migrations of the enrichment service's data source. */
export const ENRICHMENT_MIGRATIONS: MigrationClass[] = [...PROJECTS_MIGRATIONS, ...ARTIFACTS_MIGRATIONS];
