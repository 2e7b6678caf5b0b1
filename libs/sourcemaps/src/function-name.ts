// Naming the function of a de-minified frame. Minifiers rename functions, so the name comes from
// the caller: the map's `names` entry at the caller's call site is the original identifier that
// was called (symbolicator's "caller naming", PROTOCOLS.md §2.8). A frame nobody calls by name
// (the outermost frame, a handler called through a table or by the browser) is named after the
// function that encloses its position in the original source (function-scopes.ts), and only then
// keeps its minified name.

/** Names that say nothing about the function, replaced by the caller's name when there is one. */
const USELESS = new Set(['', '?', '<anonymous>', '__webpack_require__', '__webpack_modules__']);

/** Whether a caller's call-site name names the callee (else the scope name is asked for). */
export function isCallerName(name: string | undefined): name is string {
  return name !== undefined && !USELESS.has(name);
}

/** A frame's function name and whether it came from the enclosing function in the original source. */
export interface FrameNaming {
  name: string | undefined;
  /** True when the name is the scope name (`FrameSymbolication.scope_name`). */
  fromScope: boolean;
}

/**
 * The name for a frame: the caller's call-site name, else the name of the enclosing function in the
 * original source (`scopeName`, asked only then), else the minified name; folded.
 */
export function frameFunctionNaming(callerName: string | undefined, minifiedName: string | undefined, scopeName?: () => string | undefined): FrameNaming {
  if (isCallerName(callerName)) return { name: foldFunctionName(callerName), fromScope: false };
  const scoped = scopeName?.();
  if (scoped && !USELESS.has(scoped)) return { name: foldFunctionName(scoped), fromScope: true };
  return { name: minifiedName === undefined ? undefined : foldFunctionName(minifiedName), fromScope: false };
}

/** `frameFunctionNaming(…).name`. */
export function frameFunctionName(callerName: string | undefined, minifiedName: string | undefined, scopeName?: () => string | undefined): string | undefined {
  return frameFunctionNaming(callerName, minifiedName, scopeName).name;
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
