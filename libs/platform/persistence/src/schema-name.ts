// Schema names end up in SQL text and in the connection's `options` parameter, where
// neither bind parameters nor quoting rules of one layer protect the other; restricting
// them to plain lower-case identifiers keeps both places trivially safe.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `schema` is a lower-case PostgreSQL identifier of at most 63 characters. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}": expected ${SCHEMA_NAME}`);
  }
}
