import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from './create-data-source.js';
import { runMigrations } from './migrations.js';
import { Widget, widgetMigrations } from './test-fixtures/index.js';
import { withTransaction } from './transaction.js';
import { isUniqueViolation } from './unique-violation.js';

describe('writes against a real database', () => {
  let schema: TestSchema;
  let dataSource: DataSource;

  beforeEach(async () => {
    schema = await createTestSchema();
    dataSource = await createDataSource({
      ...schema.dataSourceOptions,
      entities: [Widget],
      migrations: widgetMigrations,
    }).initialize();
    await runMigrations(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
    await schema.drop();
  });

  async function caught(write: () => Promise<unknown>): Promise<unknown> {
    try {
      await write();
    } catch (err) {
      return err;
    }
    throw new Error('expected the write to fail');
  }

  it('recognises a duplicate insert through TypeORM and through raw SQL', async () => {
    const widgets = dataSource.getRepository(Widget);
    await widgets.insert({ sku: 'dup' });

    const viaRepository = await caught(() => widgets.insert({ sku: 'dup' }));
    expect(isUniqueViolation(viaRepository)).toBe(true);
    expect(isUniqueViolation(viaRepository, 'widgets_sku_key')).toBe(true);
    expect(isUniqueViolation(viaRepository, 'some_other_key')).toBe(false);

    const viaSql = await caught(() => dataSource.query("INSERT INTO widgets (sku) VALUES ('dup')"));
    expect(isUniqueViolation(viaSql)).toBe(true);
  });

  it('does not mistake other failures for duplicates', async () => {
    const notNull = await caught(() => dataSource.query('INSERT INTO widgets (sku) VALUES (NULL)'));
    expect(isUniqueViolation(notNull)).toBe(false);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const committed = await withTransaction(dataSource, async (manager) => {
      await manager.insert(Widget, { sku: 'kept' });
      return 'done';
    });
    expect(committed).toBe('done');

    await expect(
      withTransaction(
        dataSource,
        async (manager) => {
          await manager.insert(Widget, { sku: 'lost' });
          throw new Error('changed my mind');
        },
        'SERIALIZABLE',
      ),
    ).rejects.toThrow('changed my mind');

    const skus = (await dataSource.getRepository(Widget).find({ order: { sku: 'ASC' } })).map((w) => w.sku);
    expect(skus).toEqual(['kept']);
  });
});
