// Plain-text output helpers: aligned tables for people, JSON for scripts.

/** Renders rows as left-aligned columns separated by two spaces; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd());
}

/** Pretty JSON for `--json` output; dates become ISO strings. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A nullable value for a table cell. */
export function cell(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '-' : String(value);
}
