// `@faultline/platform-projects/cache`: what the ingest hot path needs — the in-memory key cache
// and its snapshot read with plain SQL — without the TypeORM entities and store of the main entry.
export { PgSnapshotSource } from './pg-snapshot-source.js';
export { ProjectKeyCache, type KeyLookup, type KeyStatus, type ProjectKeyCacheOptions, type SnapshotSource } from './project-key-cache.js';
export type { ProjectsSnapshot } from './projects-store.js';
export type { ProjectKeyRecord, ProjectRecord } from './records.js';
