// Where the CLI writes and what environment it reads: the process by default, buffers
// in tests that run the CLI in-process.
import type { Env } from '@faultline/platform-config';

/** Output streams and environment of one CLI run. */
export interface CliIo {
  /** Writes one line of results (stdout). */
  out(line: string): void;
  /** Writes one line of progress notes, warnings and errors (stderr). */
  err(line: string): void;
  /** The environment variables the configuration is read from. */
  env: Env;
}

/** The CLI's io for a real process. */
export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  };
}
