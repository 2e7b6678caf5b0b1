// Parsing the environment against a service's schema. This is the only place in
// Faultline that reads process.env (through the default argument).
import { z } from 'zod';

import { ConfigError, type ConfigIssue } from './config-error.js';
import { displayValue } from './secret-values.js';

/** The shape of an environment: variable names to raw string values. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Parses `env` with `schema` and returns the typed config, or throws a ConfigError listing every problem. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(toConfigIssues(result.error.issues, env));
}

// Zod reports one issue per failed check; an operator wants one line per variable,
// so problems with the same variable are joined.
function toConfigIssues(issues: readonly z.core.$ZodIssue[], env: Env): ConfigIssue[] {
  const byName = new Map<string, { problems: string[]; received: string | undefined }>();
  for (const issue of issues) {
    const name = issue.path.length === 0 ? '(configuration)' : issue.path.map(String).join('.');
    const received = issue.path.length === 0 ? undefined : env[String(issue.path[0])];
    const entry = byName.get(name) ?? { problems: [], received };
    entry.problems.push(describeProblem(issue, received));
    byName.set(name, entry);
  }
  return [...byName].map(([name, { problems, received }]) => ({
    name,
    problem: [...new Set(problems)].join('; '),
    received: displayValue(name, received),
  }));
}

// Zod's stock messages ("Invalid input: expected string, received undefined") are
// written for programmers; the helpers in this library set their own messages, and
// the common stock cases are rephrased here.
function describeProblem(issue: z.core.$ZodIssue, received: string | undefined): string {
  if (issue.code === 'invalid_type' && received === undefined && issue.path.length > 0) return 'is required but not set';
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  return issue.message;
}
