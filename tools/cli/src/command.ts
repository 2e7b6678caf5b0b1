// The shape of one CLI command: its words, usage, flags and what it does.
import type { ParsedArgs, FlagSpec } from './args.js';
import type { CliConfig } from './cli-config.js';
import type { CliIo } from './io.js';

/** What a command gets besides its arguments. */
export interface CommandContext {
  io: CliIo;
  /** The validated configuration; throws ConfigError (exit 78) when the environment is bad. */
  config(): CliConfig;
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
