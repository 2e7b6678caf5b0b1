// The one error a service sees when its configuration is wrong. It lists every bad
// variable at once, because fixing a deployment one restart per variable is misery.

/** One bad environment variable: its name, what is wrong, and what was received. */
export interface ConfigIssue {
  /** The environment variable (or dotted path, for nested schemas). */
  readonly name: string;
  /** What is wrong, phrased to follow the name: "must be a nats:// URL". */
  readonly problem: string;
  /** The value received, redacted when the name looks secret; undefined when unset. */
  readonly received: string | undefined;
}

/** Thrown by loadConfig when one or more variables are missing or invalid. */
export class ConfigError extends Error {
  /** Every bad variable, in schema order, one entry per variable. */
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  - ${issue.name}: ${issue.problem}${describeReceived(issue.received)}`);
  return [`Invalid configuration (${count}):`, ...lines].join('\n');
}

function describeReceived(received: string | undefined): string {
  return received === undefined ? '' : ` (received ${JSON.stringify(received)})`;
}
