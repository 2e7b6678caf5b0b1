// S3-compatible object storage settings. Only the region has a default: an endpoint
// or credentials guessed for one machine would be wrong on every other.
import { z } from 'zod';

import { envUrl } from '../env-url.js';

const required = () => z.string().trim().min(1, 'must not be empty');

/** S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET (all required) and S3_REGION (default us-east-1). */
export const storageEnv = z.object({
  S3_ENDPOINT: envUrl({ protocols: ['http:', 'https:'] }),
  S3_ACCESS_KEY: required(),
  S3_SECRET_KEY: required(),
  // The S3 bucket naming rules, so a bad name fails at start rather than on first write.
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name (3-63 lower-case letters, digits, "." and "-")'),
  S3_REGION: required().default('us-east-1'),
});
