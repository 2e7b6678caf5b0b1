// The log level every service reads.
import { z } from 'zod';

/** The pino levels LOG_LEVEL may name, most to least verbose, plus silent. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** A level LOG_LEVEL may name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL (default info; case-insensitive). */
export const loggingEnv = z.object({
  LOG_LEVEL: z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS)).default('info'),
});
