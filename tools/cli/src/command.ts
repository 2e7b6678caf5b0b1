// The shape of one CLI command: its words, usage, flags and what it does.
import type { ProjectsStore } from '@faultline/platform-projects';

import type { ParsedArgs, FlagSpec } from './args.js';
import type { CliConfig } from './cli-config.js';
import type { CliIo } from './io.js';

/** An open, migrated database and what commands need beside it. */
export interface Session {
  store: ProjectsStore;
  config: CliConfig;
  /** The DSN of a key, built from FAULTLINE_PUBLIC_URL. */
  dsn(publicKey: string, projectId: number): string;
}

/**
 * What a command gets besides its arguments. Both members load the database and
 * configuration modules on first use, so `--help` and usage errors start fast.
 */
export interface CommandContext {
  io: CliIo;
  /** The validated configuration; rejects with ConfigError (exit 78) when the environment is bad. */
  config(): Promise<CliConfig>;
  /** Runs `fn` on the configured database, pending migrations applied first; closes it after. */
  withStore<T>(fn: (session: Session) => Promise<T>): Promise<T>;
}

/** One command, e.g. `project create`. */
export interface Command {
  /** The words naming it: `['project', 'create']`. */
  words: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** The synopsis, starting with `faultline`. */
  usage: string;
  /** Further lines of `--help` (flags, behaviour, output). */
  details: readonly string[];
  flags: FlagSpec;
  /** Names of the positional arguments (`<slug>`) and how many of them are required. */
  positionals: { readonly names: readonly string[]; readonly required: number };
  /** Does the work; resolves with an exit code, or nothing for 0. */
  run(args: ParsedArgs, context: CommandContext): Promise<number | void>;
}

/** The full help text of a command. */
export function commandHelp(command: Command): string {
  return [`usage: ${command.usage}`, '', command.summary, ...(command.details.length > 0 ? ['', ...command.details] : [])].join('\n');
}
