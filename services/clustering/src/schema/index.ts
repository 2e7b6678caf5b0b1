// The clustering tables: no TypeORM entities (every statement is hand-written SQL, batched),
// only the migrations that create them.
import { CreateClustering1796400000000 } from './1796400000000-create-clustering.migration.js';
import { ResolveInNextRelease1796900000000 } from './1796900000000-resolve-in-next-release.migration.js';
import { EventPacks1797000000000 } from './1797000000000-event-packs.migration.js';

/** The migrations creating the clustering tables, oldest first. */
export const CLUSTERING_MIGRATIONS = [CreateClustering1796400000000, ResolveInNextRelease1796900000000, EventPacks1797000000000];
/** Entities of the clustering tables (none: see above). */
export const CLUSTERING_ENTITIES = [];
