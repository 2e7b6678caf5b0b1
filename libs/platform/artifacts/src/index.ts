// Public surface of @faultline/platform-artifacts: uploaded source-map artifacts — the index in
// PostgreSQL (project, release, dist, URL, debug id), the bytes in object storage, upload chunks
// and bundle states — used by the enrichment service and `faultline migrate`.
export { ArtifactIndex, type ArtifactKind, type ArtifactRow, type BundleState, type ListedArtifact, type NewArtifact } from './artifact-index.js';
export { ARTIFACTS_ENTITIES, ARTIFACTS_MIGRATIONS } from './migrations.js';
export { CreateSourcemapArtifacts1796400000000 } from './create-sourcemap-artifacts.migration.js';
export { ReleaseDates1797200000000 } from './release-dates.migration.js';
