// PostgreSQL connection settings for the services that own tables.
import { z } from 'zod';

import { envUrl } from '../env-url.js';

/** DATABASE_URL (default: the local server as postgres) and DATABASE_SCHEMA (default public; tests use one per run). */
export const databaseEnv = z.object({
  DATABASE_URL: envUrl({ protocols: ['postgres:', 'postgresql:'], default: 'postgres://postgres@127.0.0.1:5432/postgres' }),
  // An unquoted PostgreSQL identifier, so it can be interpolated into search_path safely.
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier (letters, digits, "_", at most 63)')
    .default('public'),
});
