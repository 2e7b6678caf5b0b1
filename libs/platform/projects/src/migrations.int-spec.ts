import { createDataSource, migrationStatus, runMigrations } from '@faultline/platform-persistence';
import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';

import { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS } from './index.js';

describe('projects migrations', () => {
  let schema: TestSchema;
  let dataSource: DataSource;

  beforeEach(async () => {
    schema = await createTestSchema();
    dataSource = createDataSource({ ...schema.dataSourceOptions, entities: PROJECTS_ENTITIES, migrations: PROJECTS_MIGRATIONS });
    await dataSource.initialize();
  });

  afterEach(async () => {
    await dataSource.destroy();
    await schema.drop();
  });

  it('create the tables on an empty schema, then are a no-op, and match the entities', async () => {
    expect(await runMigrations(dataSource)).toEqual(['CreateProjects1795800000000', 'ProjectPiiSettings1797100000000']);
    expect(await runMigrations(dataSource)).toEqual([]);
    expect(await migrationStatus(dataSource)).toEqual({ applied: ['CreateProjects1795800000000', 'ProjectPiiSettings1797100000000'], pending: [] });
    const tables: { table_name: string }[] = await dataSource.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(['api_tokens', 'faultline_migrations', 'project_keys', 'projects']);
    // Every mapped column exists with a compatible type: the schema diff of TypeORM is empty
    // apart from what the migration adds on purpose (CHECK constraints, FK, index names).
    const diff = await dataSource.driver.createSchemaBuilder().log();
    const columnChanges = diff.upQueries.filter((q) => /ADD COLUMN|DROP COLUMN|ALTER COLUMN|TYPE/i.test(q.query));
    expect(columnChanges.map((q) => q.query)).toEqual([]);
  });

  it('revert cleanly', async () => {
    await runMigrations(dataSource);
    await dataSource.undoLastMigration();
    const columns: unknown[] = await dataSource.query(
      'SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3',
      [schema.schema, 'projects', 'pii_settings'],
    );
    expect(columns).toEqual([]);
    await dataSource.undoLastMigration();
    const tables: unknown[] = await dataSource.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [
      schema.schema,
      'projects',
    ]);
    expect(tables).toEqual([]);
  });
});
