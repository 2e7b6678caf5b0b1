// Every command of the CLI, in the order `faultline --help` lists them.
import type { Command } from './command.js';
import { configCheckCommand } from './commands/config.js';
import { groupingExplainCommand, groupingTestRulesCommand } from './commands/grouping.js';
import { groupsIgnoreCommand, groupsListCommand, groupsResolveCommand, groupsShowCommand, groupsUnresolveCommand, usersEraseCommand } from './commands/groups.js';
import { keyCreateCommand, keyListCommand, keyRevokeCommand } from './commands/key.js';
import { migrateCommand } from './commands/migrate.js';
import { projectCreateCommand, projectEnabledCommand, projectListCommand } from './commands/project.js';
import { projectSetCommand, projectSettingsCommand } from './commands/project-settings.js';
import { sourcemapsUploadCommand } from './commands/sourcemaps.js';
import { sourcemapsDeleteCommand, sourcemapsListCommand } from './commands/sourcemaps-manage.js';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './commands/token.js';

/** The command table. */
export const COMMANDS: readonly Command[] = [
  migrateCommand,
  projectCreateCommand,
  projectListCommand,
  projectEnabledCommand(false),
  projectEnabledCommand(true),
  projectSettingsCommand,
  projectSetCommand,
  keyCreateCommand,
  keyRevokeCommand,
  keyListCommand,
  tokenCreateCommand,
  tokenRevokeCommand,
  tokenListCommand,
  groupingExplainCommand,
  groupingTestRulesCommand,
  groupsListCommand,
  groupsShowCommand,
  groupsResolveCommand,
  groupsUnresolveCommand,
  groupsIgnoreCommand,
  usersEraseCommand,
  configCheckCommand,
  sourcemapsUploadCommand,
  sourcemapsListCommand,
  sourcemapsDeleteCommand,
];

/** The overall usage text (`faultline --help`), or the commands of one group. */
export function usage(group?: string): string {
  const commands = COMMANDS.filter((command) => group === undefined || command.words[0] === group);
  const lines = commands.map((command) => `  ${command.words.join(' ').padEnd(16)} ${command.summary}`);
  return [
    `usage: faultline ${group ?? '<command>'} ${group === undefined ? '[arguments]' : '<subcommand> [arguments]'}`,
    '',
    'Commands:',
    ...lines,
    '',
    `Run "faultline ${group ?? '<command>'}${group === undefined ? '' : ' <subcommand>'} --help" for its arguments.`,
    'Environment: DATABASE_URL, DATABASE_SCHEMA, FAULTLINE_PUBLIC_URL (see docs/CLI.md).',
    'Exit codes: 0 ok, 1 failed, 2 usage error, 78 invalid environment.',
  ].join('\n');
}
