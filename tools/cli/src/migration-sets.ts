// The registry of migration sets `faultline migrate` applies. A package that owns tables
// adds one entry here (its entities and migrations); all sets share one schema and one
// `faultline_migrations` table, and TypeORM orders their migrations by timestamp.
import type { EntityDefinition, MigrationClass } from '@faultline/platform-persistence';
import { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS } from '@faultline/platform-projects';

/** The tables of one package: what `migrate` creates and what the CLI's data source maps. */
export interface MigrationSet {
  /** Short name shown by `faultline migrate --help`. */
  name: string;
  /** What the tables hold. */
  description: string;
  entities: readonly EntityDefinition[];
  migrations: readonly MigrationClass[];
}

/** Every migration set, in the order packages were added. */
export const MIGRATION_SETS: readonly MigrationSet[] = [
  {
    name: 'projects',
    description: 'projects, public keys and API tokens (@faultline/platform-projects)',
    entities: PROJECTS_ENTITIES,
    migrations: PROJECTS_MIGRATIONS,
  },
];

/** The migrations of every set. */
export function allMigrations(sets: readonly MigrationSet[] = MIGRATION_SETS): MigrationClass[] {
  return sets.flatMap((set) => set.migrations);
}

/** The entities of every set. */
export function allEntities(sets: readonly MigrationSet[] = MIGRATION_SETS): EntityDefinition[] {
  return sets.flatMap((set) => set.entities);
}
