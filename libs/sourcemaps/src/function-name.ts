// Naming the function of a de-minified frame. Minifiers rename functions, so the name comes from
// the caller: the map's `names` entry at the caller's call site is the original identifier that
// was called (symbolicator's "caller naming", PROTOCOLS.md §2.8). A frame nobody calls by name
// (the outermost frame, a handler called through a table or by the browser) is named after the
// function that encloses its position in the original source (function-scopes.ts), and only then
// keeps its minified name.

/** Names that say nothing about the function, replaced by the caller's name when there is one. */
const USELESS = new Set(['', '?', '<anonymous>', '__webpack_require__', '__webpack_modules__']);

/**
 * The name for a frame: the caller's call-site name, else the name of the enclosing function in the
 * original source (`scopeName`, asked only then), else the minified name; folded.
 */
export function frameFunctionName(callerName: string | undefined, minifiedName: string | undefined, scopeName?: () => string | undefined): string | undefined {
  let name = callerName && !USELESS.has(callerName) ? callerName : scopeName?.();
  if (!name || USELESS.has(name)) name = minifiedName;
  return name === undefined ? undefined : foldFunctionName(name);
}

/**
 * Collapses runs of a repeated dotted segment, keeping the last segment as is:
 * `bar.foo.foo.onError` → `bar.{foo#2}.onError` (symbolicator's `fold_function_name`).
 */
export function foldFunctionName(name: string): string {
  if (!name.includes('.')) return name;
  const parts = name.split('.');
  const tail = parts.pop()!;
  const groups: string[][] = [];
  for (const part of parts) {
    const current = groups.at(-1);
    if (current && current[0] === part) current.push(part);
    else groups.push([part]);
  }
  const folded = groups.map((g) => (g.length === 1 ? g[0]! : `{${g[0]!}#${g.length}}`)).join('.');
  return `${folded}.${tail}`;
}
