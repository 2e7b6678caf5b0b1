// `faultline project create|list|disable|enable`.
import type { ProjectKeyRecord, ProjectRecord } from '@faultline/platform-projects';

import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { cell, json, table } from '../format.js';

const MIGRATES = 'Applies pending migrations first (and says so on stderr).';

/** `project create <slug>`: the project, its first key, and the DSN as the last line. */
export const projectCreateCommand: Command = {
  words: ['project', 'create'],
  summary: 'Create a project and its first public key; print its DSN as the last line.',
  usage: 'faultline project create <slug> [--name NAME] [--github-repo OWNER/NAME]',
  details: [
    '  <slug>                      lower-case letters, digits and "-" (not only digits), unique',
    '  --name NAME                 display name (default: the slug)',
    '  --github-repo OWNER/NAME    repository its GitHub issues go to',
    '',
    'The last line of output is the DSN alone, for Sentry.init({ dsn }) or a script:',
    '  DSN=$(npx faultline project create web | tail -n 1)',
    'DSNs use FAULTLINE_PUBLIC_URL (default http://127.0.0.1:8080). ' + MIGRATES,
  ],
  flags: { name: { type: 'string' }, 'github-repo': { type: 'string' } },
  positionals: { names: ['<slug>'], required: 1 },
  async run(args, { io, withStore }) {
    const { project, key, dsn } = await withStore(async (session) => {
      const created = await session.store.createProject({
        slug: args.positionals[0],
        name: stringFlag(args, 'name'),
        githubRepo: stringFlag(args, 'github-repo'),
      });
      return { ...created, dsn: session.dsn(created.key.publicKey, created.project.id) };
    });
    io.out(`Created project ${project.slug} (id ${project.id})`);
    io.out(`  name:         ${project.name}`);
    io.out(`  github repo:  ${cell(project.githubRepo)}`);
    io.out(`  public key:   ${key.publicKey} (${key.label})`);
    io.out('DSN:');
    io.out(dsn);
  },
};

/** `project list [--json]`. */
export const projectListCommand: Command = {
  words: ['project', 'list'],
  summary: 'List projects with the DSN of their oldest active key.',
  usage: 'faultline project list [--json]',
  details: ['  --json   print a JSON array of projects (each with "dsn", null when it has no active key)', MIGRATES],
  flags: { json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, { io, withStore }) {
    const rows = await withStore(async ({ store, dsn }) => {
      const snapshot = await store.loadSnapshot();
      return snapshot.projects.map((project) => {
        const key = firstActiveKey(snapshot.keys, project);
        return { ...project, dsn: key === undefined ? null : dsn(key.publicKey, project.id) };
      });
    });
    if (args.values.json) {
      io.out(json(rows));
      return;
    }
    if (rows.length === 0) {
      io.out('No projects yet: faultline project create <slug>');
      return;
    }
    const header = ['ID', 'SLUG', 'NAME', 'STATUS', 'GITHUB REPO', 'DSN'];
    const body = rows.map((p) => [String(p.id), p.slug, p.name, p.enabled ? 'enabled' : 'disabled', cell(p.githubRepo), cell(p.dsn)]);
    for (const line of table([header, ...body])) io.out(line);
  },
};

/** `project disable <slug>` and `project enable <slug>`. */
export function projectEnabledCommand(enabled: boolean): Command {
  const verb = enabled ? 'enable' : 'disable';
  return {
    words: ['project', verb],
    summary: enabled ? 'Accept events for a project again.' : 'Refuse events for a project (ingest answers 403 "project disabled").',
    usage: `faultline project ${verb} <slug>`,
    details: ['Ingest notices within one cache refresh (2 s by default). ' + MIGRATES],
    flags: {},
    positionals: { names: ['<slug>'], required: 1 },
    async run(args, { io, withStore }) {
      const project = await withStore(({ store }) => store.setProjectEnabled(args.positionals[0], enabled));
      io.out(`Project ${project.slug} (id ${project.id}) ${enabled ? 'enabled' : 'disabled'}`);
    },
  };
}

function firstActiveKey(keys: readonly ProjectKeyRecord[], project: ProjectRecord): ProjectKeyRecord | undefined {
  return keys.find((key) => key.projectId === project.id && key.enabled && key.revokedAt === null);
}
