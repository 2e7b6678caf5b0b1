// Deciding whether a de-minified frame is application code. Browsers cannot tell, so the SDK
// marks everything in_app; once the original path is known, dependencies and bundler runtime can
// be told apart.

/** Paths that are never application code: dependencies and the webpack runtime. */
export const DEFAULT_NOT_IN_APP: readonly RegExp[] = [/\/node_modules\//, /^node_modules\//, /webpack\/bootstrap/, /^webpack:\/\/\/webpack\//];

/** Whether an original frame is application code, given extra project-configured exclusions. */
export function isInApp(absPath: string, filename: string, exclude: readonly RegExp[] = []): boolean {
  for (const re of [...DEFAULT_NOT_IN_APP, ...exclude]) {
    if (re.test(absPath) || re.test(filename)) return false;
  }
  return true;
}
