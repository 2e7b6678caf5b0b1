import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { createDataSource, type MigrationClass } from './create-data-source.js';
import { migrationStatus, revertLastMigration, runMigrations } from './migrations.js';
import {
  AddWidgetColor1700000000001,
  Broken1700000000002,
  CreateWidgets1700000000000,
  widgetMigrationNames,
  widgetMigrations,
} from './test-fixtures/index.js';

describe('migrations', () => {
  let schema: TestSchema;
  const opened: DataSource[] = [];

  async function open(migrations: MigrationClass[] = widgetMigrations): Promise<DataSource> {
    const dataSource = createDataSource({ ...schema.dataSourceOptions, entities: [], migrations });
    opened.push(dataSource);
    return dataSource.initialize();
  }

  async function columns(dataSource: DataSource, table: string): Promise<string[]> {
    const rows: Array<{ column_name: string }> = await dataSource.query(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
      [schema.schema, table],
    );
    return rows.map((row) => row.column_name);
  }

  beforeEach(async () => {
    schema = await createTestSchema();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ds) => (ds.isInitialized ? ds.destroy() : undefined)));
    await schema.drop();
  });

  it('applies every migration to an empty schema, in timestamp order, then nothing', async () => {
    const dataSource = await open();

    expect(await runMigrations(dataSource)).toEqual(widgetMigrationNames);
    expect(await columns(dataSource, 'widgets')).toEqual(['id', 'sku', 'color']);
    const recorded: Array<{ name: string }> = await dataSource.query(
      `SELECT name FROM "${schema.schema}".faultline_migrations ORDER BY id`,
    );
    expect(recorded.map((row) => row.name)).toEqual(widgetMigrationNames);

    expect(await runMigrations(dataSource)).toEqual([]);
  });

  it('creates the schema when it does not exist yet', async () => {
    await schema.drop();
    const dataSource = await open();

    expect(await runMigrations(dataSource)).toEqual(widgetMigrationNames);
    expect(await columns(dataSource, 'widgets')).toEqual(['id', 'sku', 'color']);
  });

  it('reports applied and pending migrations', async () => {
    const dataSource = await open();
    expect(await migrationStatus(dataSource)).toEqual({ applied: [], pending: widgetMigrationNames });

    await runMigrations(await open([CreateWidgets1700000000000]));
    expect(await migrationStatus(dataSource)).toEqual({
      applied: ['CreateWidgets1700000000000'],
      pending: ['AddWidgetColor1700000000001'],
    });

    await runMigrations(dataSource);
    expect(await migrationStatus(dataSource)).toEqual({ applied: widgetMigrationNames, pending: [] });
  });

  it('reverts the last applied migration, one per call', async () => {
    const dataSource = await open();
    await runMigrations(dataSource);

    expect(await revertLastMigration(dataSource)).toBe('AddWidgetColor1700000000001');
    expect(await columns(dataSource, 'widgets')).toEqual(['id', 'sku']);
    expect(await migrationStatus(dataSource)).toEqual({
      applied: ['CreateWidgets1700000000000'],
      pending: ['AddWidgetColor1700000000001'],
    });

    expect(await revertLastMigration(dataSource)).toBe('CreateWidgets1700000000000');
    expect(await columns(dataSource, 'widgets')).toEqual([]);
    expect(await revertLastMigration(dataSource)).toBeUndefined();
  });

  it('lets replicas migrating at once apply each migration exactly once', async () => {
    const replicas = await Promise.all([open(), open(), open()]);

    const results = await Promise.all(replicas.map((ds) => runMigrations(ds)));

    expect(results.flat().sort()).toEqual([...widgetMigrationNames].sort());
    expect(await migrationStatus(replicas[0])).toEqual({ applied: widgetMigrationNames, pending: [] });
  });

  it('keeps earlier migrations and rolls back the failing one', async () => {
    const dataSource = await open([CreateWidgets1700000000000, AddWidgetColor1700000000001, Broken1700000000002]);

    await expect(runMigrations(dataSource)).rejects.toThrow(/table_that_does_not_exist/);

    expect(await migrationStatus(dataSource)).toEqual({
      applied: widgetMigrationNames,
      pending: ['Broken1700000000002'],
    });
    expect(await columns(dataSource, 'half_done')).toEqual([]);
  });
});
