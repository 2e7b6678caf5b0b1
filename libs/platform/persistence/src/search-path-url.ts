import { assertSchemaName } from './schema-name.js';

/**
 * Returns `url` with `-c search_path=<schema>` added to its `options` parameter.
 *
 * The server then applies the search path to every pooled session as it starts, so raw
 * SQL in migrations and queries resolves unqualified names in the schema without a
 * `SET` that a pool could lose. node-postgres lets parameters in the URL win over
 * separately passed settings, which is why the setting goes into the URL itself.
 */
export function withSearchPath(url: string, schema: string): string {
  assertSchemaName(schema);
  const parsed = new URL(url);
  const existing = parsed.searchParams.get('options');
  // A later -c wins over an earlier one, so an existing search_path is overridden.
  parsed.searchParams.set('options', [existing, `-c search_path=${schema}`].filter(Boolean).join(' '));
  return parsed.toString();
}
