// `@faultline/clustering/store`: the clustering tables and the operations the CLI shares with
// the service (group reads and status changes, retention, erasure), without Nest or NATS, so
// `faultline groups …` and `faultline users erase` change data exactly as the service does.
export { CLUSTERING_ENTITIES, CLUSTERING_MIGRATIONS } from '../schema/index.js';
export { applyGroupChange, getGroup, listGroups, GroupNotFoundError, type GroupChange, type GroupRecord, type ListGroupsOptions } from './group-store.js';
export { deleteExpired, eraseUser, type DeletionReport, type ObjectRemover, type PackRewriter } from './data-deletion.js';
export { ProjectSettingsCache, toSettings, type ProjectSettings, type SettingsDefaults } from '../settings/project-settings.js';
export { DEFAULT_SETTINGS_ROW, getSettingsRow, setSettings, type ClusteringSettingsRow } from './settings-store.js';
