// Dispatch: find the command named by the first words of argv, parse its flags, run it,
// and turn every outcome into one exit code and at most one line of reason.
// Only light modules are imported statically; the database and configuration libraries
// load when a command needs them, so `--help` and usage errors answer at once.
import { parseCommandArgs } from './args.js';
import type { CliConfig } from './cli-config.js';
import { commandHelp, type Command, type CommandContext } from './command.js';
import { COMMANDS, usage } from './commands.js';
import { CliError, EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, oneLine, UsageError } from './errors.js';
import type { CliIo } from './io.js';

const HELP = new Set(['-h', '--help', 'help']);

/** Runs the CLI on `argv` (the words after `faultline`) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, second] = argv;
  if (first === undefined) return usageError(io, 'no command given', usage());
  if (HELP.has(first)) {
    io.out(usage());
    return EXIT_OK;
  }
  const group = COMMANDS.filter((command) => command.words[0] === first);
  if (group.length === 0) return usageError(io, `unknown command "${first}"`, usage());
  let command: Command | undefined = group.find((candidate) => candidate.words.length === 1);
  if (command === undefined) {
    if (second !== undefined && HELP.has(second)) {
      io.out(usage(first));
      return EXIT_OK;
    }
    if (second === undefined) return usageError(io, `"${first}" needs a subcommand`, usage(first));
    command = group.find((candidate) => candidate.words[1] === second);
    if (command === undefined) return usageError(io, `unknown command "${first} ${second}"`, usage(first));
  }
  return runCommand(command, argv.slice(command.words.length), io);
}

async function runCommand(command: Command, argv: readonly string[], io: CliIo): Promise<number> {
  const name = command.words.join(' ');
  try {
    const args = parseCommandArgs(argv, command.flags, command.positionals.names, command.positionals.required);
    if (args.values.help) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    return (await command.run(args, context(io))) ?? EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) return usageError(io, `${name}: ${err.message}`, `usage: ${command.usage}`);
    const [{ ConfigError }, { ProjectsError }] = await Promise.all([import('@faultline/platform-config'), import('@faultline/platform-projects')]);
    if (err instanceof ConfigError) {
      io.err(err.message);
      return EXIT_CONFIG;
    }
    if (err instanceof ProjectsError || err instanceof CliError) {
      io.err(`faultline ${name}: ${err.message}`);
      return EXIT_FAILURE;
    }
    io.err(`faultline ${name} failed: ${oneLine(err)}`);
    return EXIT_FAILURE;
  }
}

function context(io: CliIo): CommandContext {
  // Loaded on first use, so --help and usage errors never depend on the environment.
  let loaded: CliConfig | undefined;
  const config = async (): Promise<CliConfig> => (loaded ??= (await import('./cli-config.js')).loadCliConfig(io.env));
  return {
    io,
    config,
    async withStore(fn) {
      const settings = await config();
      const [{ withStore }, { formatDsn }] = await Promise.all([import('./database.js'), import('@faultline/platform-projects')]);
      return withStore(settings, io, (store) =>
        fn({ store, config: settings, dsn: (publicKey, projectId) => formatDsn(settings.FAULTLINE_PUBLIC_URL, publicKey, projectId) }),
      );
    },
  };
}

function usageError(io: CliIo, reason: string, text: string): number {
  io.err(`faultline: ${reason}`);
  io.err(text);
  return EXIT_USAGE;
}
