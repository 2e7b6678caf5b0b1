// `faultline config check <file>`: validates an alerting file (Alertmanager routing + alert rules)
// exactly as the alert router does, and prints the route tree the way `amtool config routes` does.
import { readFile } from 'node:fs/promises';
import type { Command } from '../command.js';

/** The `config check` command. */
export const configCheckCommand: Command = {
  words: ['config', 'check'],
  summary: 'Validate an alerting configuration file and print its route tree.',
  usage: 'faultline config check <file>',
  details: [
    '  <file>   the routing YAML (Alertmanager syntax plus github_configs, alertmanager_configs and alert_rules)',
    '',
    'Parsing is strict: unknown keys, undefined receivers or time intervals, bad matchers, durations',
    'and rules are errors, each printed with its YAML path. Exit 0 when valid, 1 when not.',
    'The alert router applies a changed file (hot reload, SIGHUP) only when this check passes.',
  ],
  flags: {},
  positionals: { names: ['file'], required: 1 },
  async run(args, { io }) {
    const file = args.positionals[0]!;
    const [{ parseAlertingConfig }, { ConfigError, buildRouteTree, formatRouteTree }] = await Promise.all([
      import('@faultline/alert-rules'),
      import('@faultline/routing'),
    ]);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      io.err(`faultline: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    let config;
    try {
      config = parseAlertingConfig(text);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.out(`Checking '${file}'  FAILED: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}`);
      for (const issue of error.issues) io.out(`  ${issue.path || '(file)'}: ${issue.message}`);
      return 1;
    }
    const r = config.routing;
    io.out(`Checking '${file}'  SUCCESS`);
    io.out('Found:');
    io.out(' - global config');
    io.out(' - route');
    io.out(` - ${r.inhibitRules.length} inhibit rules`);
    io.out(` - ${r.receivers.length} receivers`);
    io.out(` - ${r.timeIntervals.size} time intervals`);
    io.out(` - ${r.templates.length} templates`);
    io.out(` - ${config.rules.length} alert rules${config.rules.length > 0 ? `: ${config.rules.map((x) => `${x.name} (${x.type})`).join(', ')}` : ''}`);
    io.out('');
    for (const line of formatRouteTree(buildRouteTree(r.route)).trimEnd().split('\n')) io.out(line);
  },
};
