// Public surface of @faultline/clustering: the application (for tests and benchmarks), its
// tables, and the group and deletion operations the CLI shares with the service.
export { loadClusteringConfig, clusteringConfigSchema, type ClusteringConfig } from './clustering.config.js';
export { createClusteringApp, startClusteringApp, type ClusteringAppOptions } from './create-clustering-app.js';
export { ClusteringPipeline, type AfterCommitHook } from './pipeline/clustering-pipeline.js';
export { RetentionJob } from './jobs/retention-job.js';
export { CLUSTERING_ENTITIES, CLUSTERING_MIGRATIONS } from './schema/index.js';
export { applyGroupChange, getGroup, listGroups, GroupNotFoundError, type GroupChange, type GroupRecord, type ListGroupsOptions } from './store/group-store.js';
export { deleteExpired, eraseUser, type DeletionReport, type ObjectRemover, type PackRewriter } from './store/data-deletion.js';
export { compareReleases, reopens, type RegressionMode } from './pipeline/release-order.js';
export { objectKeyOf, userKeyOf } from './pipeline/prepared-event.js';
export type { StoredEvent, GroupSnapshot } from './pipeline/stored-event.js';
