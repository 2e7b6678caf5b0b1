// The CLI's configuration: where the database is and the URL SDKs reach ingest at.
import { databaseEnv, envUrl, loadConfig, type Env } from '@faultline/platform-config';
import { z } from 'zod';

/** DATABASE_URL, DATABASE_SCHEMA and FAULTLINE_PUBLIC_URL (the base of every DSN printed). */
export const cliEnv = databaseEnv.extend({
  FAULTLINE_PUBLIC_URL: envUrl({ protocols: ['http:', 'https:'], default: 'http://127.0.0.1:8080' }),
});

/** The validated configuration of one CLI run. */
export type CliConfig = z.output<typeof cliEnv>;

/** Validates `env`; throws ConfigError listing every bad variable. */
export function loadCliConfig(env: Env): CliConfig {
  return loadConfig(cliEnv, env);
}
