import { testDatabaseUrl } from './test-urls.js';
import { uniqueId } from './unique-id.js';

/** Options of {@link createTestSchema}. */
export interface TestSchemaOptions {
  /** Database to create the schema in (default {@link testDatabaseUrl}). */
  databaseUrl?: string;
}

/** A fresh PostgreSQL schema owned by one test, see {@link createTestSchema}. */
export interface TestSchema {
  /** The schema name, `t_<unique>`. */
  schema: string;
  /** A connection URL whose sessions have `search_path` set to the schema. */
  url: string;
  /** What `createDataSource` of the persistence library needs to work in this schema. */
  dataSourceOptions: { url: string; schema: string };
  /** Drops the schema and everything in it; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates an empty schema `t_<unique>` so that test files running in parallel against
 * one database never see each other's tables, and nothing depends on leftovers.
 */
export async function createTestSchema(options: TestSchemaOptions = {}): Promise<TestSchema> {
  const databaseUrl = options.databaseUrl ?? testDatabaseUrl();
  const schema = uniqueId('t');
  // uniqueId yields only [a-z0-9_], so the name needs no quoting beyond the plain quotes.
  await runStatement(databaseUrl, `CREATE SCHEMA "${schema}"`);
  return {
    schema,
    url: urlWithSearchPath(databaseUrl, schema),
    dataSourceOptions: { url: databaseUrl, schema },
    drop: () => runStatement(databaseUrl, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
  };
}

/** Adds `options=-c search_path=<schema>` so that unqualified names resolve in the schema. */
function urlWithSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  const existing = url.searchParams.get('options');
  url.searchParams.set('options', [existing, `-c search_path=${schema}`].filter(Boolean).join(' '));
  return url.toString();
}

async function runStatement(databaseUrl: string, sql: string): Promise<void> {
  // Loaded on first use so that tests needing only the NATS or S3 helpers never load pg.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
