// Test helper: a fresh schema with the projects migrations applied and a store on it.
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';

import { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS, ProjectsStore } from '../src/index.js';

/** A migrated test schema, its data source and a store; `close()` destroys and drops both. */
export interface ProjectsSchema {
  schema: TestSchema;
  dataSource: DataSource;
  store: ProjectsStore;
  close(): Promise<void>;
}

/** Creates a fresh schema, migrates it and opens a store on it. */
export async function openProjectsSchema(): Promise<ProjectsSchema> {
  const schema = await createTestSchema();
  const dataSource = createDataSource({ ...schema.dataSourceOptions, entities: PROJECTS_ENTITIES, migrations: PROJECTS_MIGRATIONS });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    schema,
    dataSource,
    store: new ProjectsStore(dataSource),
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await schema.drop();
    },
  };
}
