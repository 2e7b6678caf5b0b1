import pg from 'pg';
import { createTestSchema, type TestSchema } from './test-schema.js';
import { testDatabaseUrl } from './test-urls.js';

async function query<R extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function schemaExists(schema: string): Promise<boolean> {
  const rows = await query(testDatabaseUrl(), 'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
  return rows.length === 1;
}

describe('createTestSchema', () => {
  let created: TestSchema | undefined;

  afterEach(async () => {
    await created?.drop();
    created = undefined;
  });

  it('creates an empty t_ schema that its URL uses for unqualified names', async () => {
    created = await createTestSchema();
    expect(created.schema).toMatch(/^t_[a-z0-9]{10}$/);
    expect(await schemaExists(created.schema)).toBe(true);
    expect(created.dataSourceOptions).toEqual({ url: testDatabaseUrl(), schema: created.schema });

    await query(created.url, 'CREATE TABLE probe (id int)');
    const rows = await query<{ table_schema: string }>(
      testDatabaseUrl(),
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'probe' AND table_schema = $1",
      [created.schema],
    );
    expect(rows).toEqual([{ table_schema: created.schema }]);
  });

  it('gives parallel tests distinct schemas', async () => {
    const [a, b] = await Promise.all([createTestSchema(), createTestSchema()]);
    try {
      expect(a.schema).not.toBe(b.schema);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it('drops the schema with its tables, and a second drop is harmless', async () => {
    const schema = await createTestSchema();
    await query(schema.url, 'CREATE TABLE probe (id int)');
    await schema.drop();
    expect(await schemaExists(schema.schema)).toBe(false);
    await expect(schema.drop()).resolves.toBeUndefined();
  });
});
