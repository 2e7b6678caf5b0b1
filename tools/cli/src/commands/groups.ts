// `faultline groups list|show|resolve|unresolve|ignore` and `faultline users erase`.
// Status changes go through `issues.commands.<project>` like GitHub's, so the clustering
// service applies them and publishes the activity (alert-router and github-issues hear of it);
// the command then waits until PostgreSQL shows the new status. Reads and erasure go to
// PostgreSQL (and object storage) directly, through the clustering service's own store code.
import { randomUUID } from 'node:crypto';

import { positiveIntFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { cell, json, table } from '../format.js';
import { withClustering } from './grouping.js';

// The clustering service's Nest-free store (the CLI changes data exactly as the service does).
type Store = typeof import('@faultline/clustering/store');
const store = async (): Promise<Store> =>
  // eslint-disable-next-line @nx/enforce-module-boundaries -- tooling shares the clustering service's Nest-free store
  import('@faultline/clustering/store');

const STATUSES = ['unresolved', 'resolved', 'ignored'] as const;

/** `groups list --project P`. */
export const groupsListCommand: Command = {
  words: ['groups', 'list'],
  summary: 'List the groups (issues) of a project, most recently seen first.',
  usage: 'faultline groups list --project P [--status unresolved|resolved|ignored] [--limit N] [--json]',
  details: ['  --project P   project slug or id', '  --status S    only groups with this status', '  --limit N     at most N groups (default 100)', '  --json        print a JSON array'],
  flags: { project: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, ctx) {
    const project = requiredFlag(args, 'project');
    const status = stringFlag(args, 'status');
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    const limit = positiveIntFlag(args, 'limit') ?? 100;
    const { listGroups } = await store();
    const groups = await withClustering(ctx, project, {}, (s) => listGroups(s.ds, s.projectId, { status: status as (typeof STATUSES)[number] | undefined, limit }));
    if (args.values.json) {
      ctx.io.out(json(groups));
      return;
    }
    if (groups.length === 0) {
      ctx.io.out('No groups.');
      return;
    }
    const rows = groups.map((g) => [g.id, g.status, String(g.timesSeen), String(g.usersAffected), g.lastSeen.toISOString(), g.title]);
    for (const line of table([['ID', 'STATUS', 'EVENTS', 'USERS', 'LAST SEEN', 'TITLE'], ...rows])) ctx.io.out(line);
  },
};

/** `groups show <id> --project P`. */
export const groupsShowCommand: Command = {
  words: ['groups', 'show'],
  summary: 'Show one group: counts, releases, status, hashes, linked GitHub issue.',
  usage: 'faultline groups show <group-id> --project P [--json]',
  details: ['  --project P   project slug or id', '  --json        print the group as JSON'],
  flags: { project: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { names: ['<group-id>'], required: 1 },
  async run(args, ctx) {
    const project = requiredFlag(args, 'project');
    const id = args.positionals[0]!;
    const { getGroup } = await store();
    const group = await withClustering(ctx, project, {}, (s) => getGroup(s.ds, s.projectId, id));
    if (!group) throw new CliError(`group ${id} does not exist in project ${project}`);
    if (args.values.json) {
      ctx.io.out(json(group));
      return;
    }
    const issue = group.externalIssue;
    ctx.io.out(`Group ${group.id}: ${group.title}`);
    ctx.io.out(`  culprit:      ${cell(group.culprit || null)}`);
    ctx.io.out(`  status:       ${group.status}${group.resolvedInRelease ? ` (in release ${group.resolvedInRelease})` : ''}`);
    ctx.io.out(`  level:        ${group.level}`);
    ctx.io.out(`  events:       ${group.timesSeen}`);
    ctx.io.out(`  users:        ${group.usersAffected}`);
    ctx.io.out(`  first seen:   ${group.firstSeen.toISOString()} (release ${cell(group.firstRelease)})`);
    ctx.io.out(`  last seen:    ${group.lastSeen.toISOString()} (release ${cell(group.lastRelease)})`);
    ctx.io.out(`  regressed:    ${group.regressedAt ? group.regressedAt.toISOString() : '-'}`);
    ctx.io.out(`  github issue: ${issue ? issue.url || `${issue.owner}/${issue.repo}#${issue.number}` : '-'}`);
    ctx.io.out(`  config:       ${group.groupingConfig}`);
    ctx.io.out('  hashes:');
    for (const h of group.hashes) ctx.io.out(`    ${h.hash}  ${h.config}${h.similarity === null ? '' : `  (attached by similarity ${h.similarity.toFixed(3)})`}`);
  },
};

/** `groups resolve|unresolve|ignore <id> --project P`. */
function statusCommand(verb: 'resolve' | 'unresolve' | 'ignore'): Command {
  const target = verb === 'resolve' ? 'resolved' : verb === 'unresolve' ? 'unresolved' : 'ignored';
  return {
    words: ['groups', verb],
    summary:
      verb === 'resolve'
        ? 'Resolve a group (through issues.commands, applied by the clustering service).'
        : `${verb[0]!.toUpperCase()}${verb.slice(1)} a group (through issues.commands).`,
    usage: `faultline groups ${verb} <group-id> --project P${verb === 'resolve' ? ' [--in-release R]' : ''} [--wait SECONDS] [--json]`,
    details: [
      '  --project P      project slug or id',
      ...(verb === 'resolve' ? ['  --in-release R   events from releases older than R do not reopen the group'] : []),
      '  --wait SECONDS   wait this long for the clustering service to apply it (default 10; 0: do not wait)',
      '  --json           print the group after the change as JSON',
      'Publishes an IssueCommand on issues.commands.<project> (NATS_URL, NATS_STREAM_PREFIX), like GitHub sync,',
      'so the clustering service applies it and publishes the activity. Exit 1 if it was not applied in time.',
    ],
    flags: { project: { type: 'string' }, 'in-release': { type: 'string' }, wait: { type: 'string' }, json: { type: 'boolean' } },
    positionals: { names: ['<group-id>'], required: 1 },
    async run(args, ctx) {
      const project = requiredFlag(args, 'project');
      const id = args.positionals[0]!;
      const waitRaw = stringFlag(args, 'wait');
      if (waitRaw !== undefined && !/^\d+$/.test(waitRaw)) throw new UsageError(`--wait must be a whole number of seconds, got "${waitRaw}"`);
      const waitMs = (waitRaw === undefined ? 10 : Number(waitRaw)) * 1000;
      const inRelease = verb === 'resolve' ? (stringFlag(args, 'in-release') ?? '') : '';
      const { getGroup } = await store();
      const result = await withClustering(ctx, project, {}, async (s) => {
        const before = await getGroup(s.ds, s.projectId, id);
        if (!before) throw new CliError(`group ${id} does not exist in project ${project}`);
        await publishCommand(ctx, verb, s.projectId, id, inRelease);
        const deadline = Date.now() + waitMs;
        for (;;) {
          const now = await getGroup(s.ds, s.projectId, id);
          const applied = now && now.status === target && (verb !== 'resolve' || (now.resolvedInRelease ?? '') === inRelease);
          if (applied) return { group: now, applied: true };
          if (Date.now() >= deadline) return { group: now ?? before, applied: false };
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      if (args.values.json) ctx.io.out(json(result.group));
      if (!result.applied) {
        if (waitMs === 0) {
          if (!args.values.json) ctx.io.out(`Sent ${verb} for group ${id}; the clustering service applies it.`);
          return;
        }
        throw new CliError(`sent ${verb} for group ${id}, but it was not applied within ${waitMs / 1000} s: is the clustering service running?`);
      }
      if (!args.values.json) ctx.io.out(`Group ${id} is ${target}${verb === 'resolve' && inRelease ? ` in release ${inRelease}` : ''}.`);
    },
  };
}

async function publishCommand(ctx: CommandContext, verb: 'resolve' | 'unresolve' | 'ignore', projectId: number, groupId: string, inRelease: string): Promise<void> {
  const [platformConfig, messaging, contracts] = await Promise.all([
    import('@faultline/platform-config'),
    import('@faultline/platform-messaging'),
    import('@faultline/contracts'),
  ]);
  const nats = platformConfig.loadConfig(platformConfig.natsEnv, ctx.io.env);
  const nc = await messaging.connectNats({ servers: nats.NATS_URL, name: 'faultline-cli' });
  const publisher = new messaging.JetStreamPublisher(nc, new messaging.Namespace(nats.NATS_STREAM_PREFIX), 5_000);
  const type = { resolve: contracts.IssueCommandType.RESOLVE, unresolve: contracts.IssueCommandType.UNRESOLVE, ignore: contracts.IssueCommandType.IGNORE }[verb];
  const deliveryId = `cli-${randomUUID()}`;
  try {
    await publisher.publish(
      contracts.subjectFor('issuesCommands', String(projectId)),
      contracts.IssueCommandSchema,
      {
        command: type,
        projectId: String(projectId),
        groupId,
        actor: `cli:${ctx.io.env.USER ?? 'unknown'}`,
        deliveryId,
        issuedAt: contracts.timestampFromDate(new Date()),
        resolvedInRelease: inRelease,
      },
      { msgId: deliveryId },
    );
  } catch (error) {
    throw new CliError(`${(error as Error).message} (the ISSUES stream is created by the clustering service at its first start)`);
  } finally {
    publisher.close();
    await nc.drain();
  }
}

export const groupsResolveCommand = statusCommand('resolve');
export const groupsUnresolveCommand = statusCommand('unresolve');
export const groupsIgnoreCommand = statusCommand('ignore');

/** `users erase --project P --user KEY`. */
export const usersEraseCommand: Command = {
  words: ['users', 'erase'],
  summary: "Delete a user's stored events and raw objects (GDPR erasure).",
  usage: 'faultline users erase --project P --user KEY [--json]',
  details: [
    '  --project P   project slug or id',
    '  --user KEY    the user key: the user id the SDK sent, else its email, username or IP',
    '  --json        print { events, objects, groups, users } deleted',
    'Deletes the rows in events, their gzip\'d raw events in object storage (S3_* variables) and the user in',
    'the groups\' exact user sets. Group counts stay (they are not personal data).',
  ],
  flags: { project: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, ctx) {
    const project = requiredFlag(args, 'project');
    const user = requiredFlag(args, 'user');
    const { eraseUser } = await store();
    const report = await withClustering(ctx, project, { storage: true }, (s) => eraseUser(s.ds, s.storage, s.projectId, user));
    if (args.values.json) ctx.io.out(json(report));
    else ctx.io.out(`Erased user ${user} in project ${project}: ${report.events} event(s), ${report.objects} object(s) deleted, ${report.rewritten} pack(s) rewritten without them, ${report.users} user set entr(y/ies).`);
  },
};
