// Release and tag filters use shell-style globs (`web@2.*`), which read better than regular
// expressions in a rule file: `*` is any run of characters, `?` one character, the rest literal.

/** Compiles a glob into an anchored RegExp. */
export function compileGlob(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[\\^$.+()|[\]{}/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'su');
}

/** Whether `value` matches any of the globs. */
export function matchesAnyGlob(globs: readonly RegExp[], value: string): boolean {
  return globs.some((g) => g.test(value));
}
