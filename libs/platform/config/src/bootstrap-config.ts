// The first line of every service's main.ts: refuse to start, listing every bad
// variable, instead of failing later on the first connection that uses one.
import { z } from 'zod';

import { ConfigError } from './config-error.js';
import { loadConfig, type Env } from './load-config.js';

/** The sysexits.h code for a configuration error; orchestrators show it as such. */
export const EX_CONFIG = 78;

/** Returns the typed config, or prints the ConfigError to stderr and exits with EX_CONFIG. */
export function bootstrapConfigOrExit<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Plain text rather than a log line: no logger exists yet, and a person reads this.
    process.stderr.write(`${error.message}\n`);
    return process.exit(EX_CONFIG);
  }
}
