// The tables of the source-map artifact store, for the enrichment service's data source and
// `faultline migrate` (the `sourcemaps` migration set).
import { CreateSourcemapArtifacts1796400000000 } from './create-sourcemap-artifacts.migration.js';
import { ReleaseDates1797200000000 } from './release-dates.migration.js';

/** The artifact store's migrations (they reference `projects`, so run after the projects set). */
export const ARTIFACTS_MIGRATIONS = [CreateSourcemapArtifacts1796400000000, ReleaseDates1797200000000];

/** The artifact store maps no entities: it reads and writes with plain SQL. */
export const ARTIFACTS_ENTITIES: never[] = [];
