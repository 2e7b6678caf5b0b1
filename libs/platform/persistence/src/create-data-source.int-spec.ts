import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from './create-data-source.js';
import { runMigrations } from './migrations.js';
import { Gadget, Widget, WidgetWithUnmigratedColumn, widgetMigrations } from './test-fixtures/index.js';

describe('createDataSource', () => {
  let schema: TestSchema;
  let dataSource: DataSource | undefined;

  beforeEach(async () => {
    schema = await createTestSchema();
  });

  afterEach(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    dataSource = undefined;
    await schema.drop();
  });

  it('never changes the database to fit the entities', async () => {
    dataSource = createDataSource({
      ...schema.dataSourceOptions,
      entities: [WidgetWithUnmigratedColumn, Gadget],
      migrations: widgetMigrations,
    });
    expect(dataSource.options).toMatchObject({ synchronize: false, migrationsRun: false, dropSchema: false });
    await dataSource.initialize();
    await runMigrations(dataSource);

    const columns: Array<{ column_name: string }> = await dataSource.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'widgets'",
      [schema.schema],
    );
    expect(columns.map((c) => c.column_name)).not.toContain('not_in_any_migration');
    const gadgets: unknown[] = await dataSource.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'gadgets'",
      [schema.schema],
    );
    expect(gadgets).toEqual([]);
  });

  it('resolves unqualified names in its schema and names its connections', async () => {
    dataSource = createDataSource({
      ...schema.dataSourceOptions,
      entities: [Widget],
      migrations: widgetMigrations,
      applicationName: 'persistence-spec',
      poolSize: 2,
    });
    await dataSource.initialize();
    await runMigrations(dataSource);

    const [{ current_schema }]: Array<{ current_schema: string }> = await dataSource.query('SELECT current_schema()');
    expect(current_schema).toBe(schema.schema);
    const [{ application_name }]: Array<{ application_name: string }> = await dataSource.query(
      'SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    expect(application_name).toBe('persistence-spec');

    await dataSource.getRepository(Widget).insert({ sku: 'a-1', color: 'red' });
    const rows: Array<{ sku: string }> = await dataSource.query('SELECT sku FROM widgets');
    expect(rows).toEqual([{ sku: 'a-1' }]);
  });

  it('rejects a schema name that would need quoting', () => {
    expect(() => createDataSource({ url: schema.url, schema: 'Bad"Name', entities: [], migrations: [] })).toThrow(
      /invalid PostgreSQL schema name/,
    );
  });
});
