// The registry of migration sets `faultline migrate` applies. A package that owns tables
// adds one entry here (its entities and migrations); all sets share one schema and one
// `faultline_migrations` table, and TypeORM orders their migrations by timestamp. Sets
// load their package only when used, so `faultline --help` stays fast.
import type { EntityDefinition, MigrationClass } from '@faultline/platform-persistence';

/** The tables of one package: what `migrate` creates and what the CLI's data source maps. */
export interface MigrationSet {
  /** Short name shown by `faultline migrate --help`. */
  name: string;
  /** What the tables hold. */
  description: string;
  /** Imports the package and returns its entities and migrations. */
  load(): Promise<{ entities: readonly EntityDefinition[]; migrations: readonly MigrationClass[] }>;
}

/** Every migration set, in the order packages were added. */
export const MIGRATION_SETS: readonly MigrationSet[] = [
  {
    name: 'projects',
    description: 'projects, public keys and API tokens (@faultline/platform-projects)',
    load: async () => {
      const { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS } = await import('@faultline/platform-projects');
      return { entities: PROJECTS_ENTITIES, migrations: PROJECTS_MIGRATIONS };
    },
  },
  {
    name: 'clustering',
    description: 'groups, group hashes, events, per-minute counters, group users, per-project clustering settings (@faultline/clustering)',
    load: async () => {
      // The clustering tables belong to the service that writes them; the CLI loads only its
      // Nest-free `store` entry (schema and the operations it shares with the service).
      // eslint-disable-next-line @nx/enforce-module-boundaries -- tooling reads the clustering service's own schema
      const { CLUSTERING_ENTITIES, CLUSTERING_MIGRATIONS } = await import('@faultline/clustering/store');
      return { entities: CLUSTERING_ENTITIES, migrations: CLUSTERING_MIGRATIONS };
    },
  },
  {
    name: 'sourcemaps',
    description: 'uploaded source-map artifacts, bundle states and releases (@faultline/platform-artifacts)',
    load: async () => {
      const { ARTIFACTS_ENTITIES, ARTIFACTS_MIGRATIONS } = await import('@faultline/platform-artifacts');
      return { entities: ARTIFACTS_ENTITIES, migrations: ARTIFACTS_MIGRATIONS };
    },
  },
  {
    name: 'alert-router',
    description: 'silences, notification log, held alerts and the leadership lease (@faultline/alert-router)',
    load: async () => {
      // The router's tables belong to the service; its `migrations` entry has no Nest or runtime imports.
      // eslint-disable-next-line @nx/enforce-module-boundaries -- tooling reads the alert router's own schema
      const { ALERT_ROUTER_MIGRATIONS } = await import('@faultline/alert-router/migrations');
      return { entities: [], migrations: [...ALERT_ROUTER_MIGRATIONS] };
    },
  },
];
/** The entities and migrations of every set, together. */
export async function loadMigrationSets(
  sets: readonly MigrationSet[] = MIGRATION_SETS,
): Promise<{ entities: EntityDefinition[]; migrations: MigrationClass[] }> {
  const loaded = await Promise.all(sets.map((set) => set.load()));
  return { entities: loaded.flatMap((set) => [...set.entities]), migrations: loaded.flatMap((set) => [...set.migrations]) };
}
