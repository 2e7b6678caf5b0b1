// Configuration errors carry the YAML path of the offending key so that a user can find it at once
// (`route.routes[2].group_wiat: unknown key`); a whole file's errors are reported together.

/** One problem in a routing configuration, with its path in the document. */
export interface ConfigIssue {
  /** Dotted path such as `route.routes[2].group_wait`; empty for the document itself. */
  readonly path: string;
  /** What is wrong, in Alertmanager's words where it has some. */
  readonly message: string;
}

/** Thrown by `parseConfig` with every issue found; `message` lists them one per line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n'));
  }
}

/** Joins a path and a key or index into the next path. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
