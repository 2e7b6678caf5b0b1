// `faultline grouping explain|test-rules`: dry runs of the grouping algorithm (libs/grouping)
// on one event or on a project's stored events, and the helpers the clustering commands share
// (opening the clustering tables, the object store and NATS).
import { readFile } from 'node:fs/promises';
import type { SentryEvent } from '@faultline/contracts';

import { positiveIntFlag, requiredFlag, stringFlag, type ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { json } from '../format.js';

/** What clustering commands get: the migrated database, the project, and the object store when asked for. */
export interface ClusteringSession {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- typeorm's DataSource, loaded lazily
  ds: any;
  projectId: number;
  storage?: import('@faultline/platform-storage').ObjectStorage;
}

/**
 * Opens the database (pending migrations applied first, as every data command does), resolves
 * `--project` (slug or id) and, when `storage` is set, the object store from S3_* variables.
 */
export async function withClustering<T>(
  ctx: CommandContext,
  projectFlag: string | undefined,
  options: { storage?: boolean },
  fn: (session: ClusteringSession) => Promise<T>,
): Promise<T> {
  const config = await ctx.config();
  const [{ createDataSource, runMigrations }, { loadMigrationSets }, { ProjectsStore }, platformConfig] = await Promise.all([
    import('@faultline/platform-persistence'),
    import('../migration-sets.js'),
    import('@faultline/platform-projects'),
    import('@faultline/platform-config'),
  ]);
  let storage: ClusteringSession['storage'];
  if (options.storage) {
    const s3 = platformConfig.loadConfig(platformConfig.storageEnv, ctx.io.env);
    const { ObjectStorage } = await import('@faultline/platform-storage');
    storage = new ObjectStorage({ endpoint: s3.S3_ENDPOINT, accessKey: s3.S3_ACCESS_KEY, secretKey: s3.S3_SECRET_KEY, bucket: s3.S3_BUCKET, region: s3.S3_REGION });
  }
  const { entities, migrations } = await loadMigrationSets();
  const ds = createDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities, migrations, poolSize: 2, applicationName: 'faultline-cli' });
  try {
    await ds.initialize();
    const applied = await runMigrations(ds);
    if (applied.length > 0) ctx.io.err(`faultline: applied ${applied.length} pending migration(s) to schema ${config.DATABASE_SCHEMA} first: ${applied.join(', ')}`);
    let projectId = 0;
    if (projectFlag !== undefined) {
      const project = await new ProjectsStore(ds).getProject(/^\d+$/.test(projectFlag) ? Number(projectFlag) : projectFlag);
      if (project) projectId = project.id;
      else if (/^\d+$/.test(projectFlag)) projectId = Number(projectFlag);
      else throw new CliError(`project "${projectFlag}" does not exist`);
    }
    return await fn({ ds, projectId, storage });
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

/** The grouping options of a project: its rules and config from clustering_settings (defaults when it has no row). */
async function projectGrouping(session: ClusteringSession): Promise<{ rules: string; config?: string }> {
  // eslint-disable-next-line @nx/enforce-module-boundaries -- the clustering service owns clustering_settings
  const { getSettingsRow } = await import('@faultline/clustering/store');
  const row = await getSettingsRow(session.ds, session.projectId);
  return { rules: row.fingerprint_rules, config: row.grouping_config ?? undefined };
}

/** An event to group, and the names its scope-named frames had before (from an enriched event's records). */
interface GroupingInput {
  event: SentryEvent;
  unscopedNames?: Map<string, string>;
}

/** Decodes a file's JSON: an EnrichedEvent (as on `events.enriched.*` or in object storage), else a Sentry event as an SDK sends it. */
export async function eventFromJson(text: string, source: string): Promise<GroupingInput> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const contracts = await import('@faultline/contracts');
  if (typeof value === 'object' && value !== null && 'event' in value && 'project_id' in value) {
    try {
      const enriched = contracts.decodeMessage(contracts.EnrichedEventSchema, text);
      if (enriched.event) return { event: enriched.event, unscopedNames: (await import('@faultline/grouping')).unscopedNamesOf(enriched.enrichment?.frames) };
    } catch (error) {
      throw new CliError(`${source}: not a valid enriched event: ${(error as Error).message}`);
    }
  }
  const { normalizeEvent } = await import('@faultline/envelope');
  try {
    const normalized = normalizeEvent(value, { receivedAt: new Date(), maxFrames: 250 });
    return { event: contracts.create(contracts.SentryEventSchema, normalized.event) };
  } catch (error) {
    throw new CliError(`${source}: not a Sentry event: ${(error as Error).message}`);
  }
}

/** Reads a stored event (its raw enriched JSON from object storage). */
async function storedEvent(session: ClusteringSession, eventId: string): Promise<GroupingInput> {
  const rows: StoredRef[] = await session.ds.query('SELECT object_key, object_offset, object_length FROM events WHERE project_id = $1 AND event_id = $2', [
    session.projectId,
    eventId,
  ]);
  if (rows.length === 0) throw new CliError(`event ${eventId} is not stored in project ${session.projectId}`);
  if (!rows[0]!.object_key) throw new CliError(`event ${eventId} has no raw object (CLUSTERING_STORE_OBJECTS was off)`);
  const raw = await readStored(session, rows[0]!);
  return eventFromJson(raw.toString('utf8'), `object ${rows[0]!.object_key}`);
}

/** Where an event's raw JSON is: a pack member (offset and length) or, for rows written before packs, a whole object. */
interface StoredRef {
  object_key: string | null;
  object_offset: string | null;
  object_length: number | null;
}

/** Reads one stored event's raw JSON (only its own gzip member of a pack, by range request). */
function readStored(session: ClusteringSession, ref: StoredRef): Promise<Buffer> {
  return session.storage!.getGunzipRange(ref.object_key!, ref.object_offset === null ? null : Number(ref.object_offset), ref.object_length);
}

async function rulesFlag(args: ParsedArgs): Promise<string | undefined> {
  const file = stringFlag(args, 'rules');
  if (file === undefined) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --rules ${file}: ${(error as Error).message}`);
  }
}

/** Parses rules text, turning a syntax error into a one-line failure. */
async function parsedRules(text: string, source: string) {
  const { parseRules, RuleParseError } = await import('@faultline/grouping');
  try {
    return parseRules(text);
  } catch (error) {
    if (error instanceof RuleParseError) throw new CliError(`${source}: ${error.message}`);
    throw error;
  }
}

/** `grouping explain <event.json|event-id>`. */
export const groupingExplainCommand: Command = {
  words: ['grouping', 'explain'],
  summary: 'Print the fingerprint component tree and hash of an event (file or stored event id).',
  usage: 'faultline grouping explain <event.json|event-id> [--project P] [--rules FILE] [--config ID] [--json]',
  details: [
    '  <event.json>     an event as the SDK sends it, or an enriched event as stored',
    '  <event-id>       32 hex digits: the stored event of --project (read from object storage: S3_* variables)',
    '  --project P      project slug or id: its fingerprint rules and grouping config apply',
    '  --rules FILE     fingerprint rules to use instead of the project\'s',
    '  --config ID      grouping config, e.g. js:2026-12-01 (default: the project\'s, else the current one)',
    '  --json           print { title, culprit, source, hashes: [{ config, hash, tree }] }',
    'Contributing components are marked "*"; the others say why they do not count.',
  ],
  flags: { project: { type: 'string' }, rules: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { names: ['<event.json|event-id>'], required: 1 },
  async run(args, ctx) {
    const target = args.positionals[0]!;
    const isId = /^[0-9a-f]{32}$/.test(target.replace(/-/g, '').toLowerCase()) && !target.endsWith('.json');
    const project = stringFlag(args, 'project');
    if (isId && project === undefined) throw new UsageError('--project is required with an event id');
    const rulesText = await rulesFlag(args);
    let input: GroupingInput;
    let rules = rulesText ?? '';
    let config = stringFlag(args, 'config');
    if (project !== undefined) {
      await withClustering(ctx, project, { storage: isId }, async (session) => {
        const grouping = await projectGrouping(session);
        if (rulesText === undefined) rules = grouping.rules;
        config ??= grouping.config;
        input = isId ? await storedEvent(session, target.replace(/-/g, '').toLowerCase()) : await eventFromFile(target);
      });
    } else {
      input = await eventFromFile(target);
    }
    const grouping = await import('@faultline/grouping');
    const options = { rules: await parsedRules(rules, rulesText !== undefined ? `--rules ${stringFlag(args, 'rules')}` : 'project rules'), config, unscopedNames: input!.unscopedNames };
    const event = input!.event;
    try {
      grouping.getConfig(config);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    if (args.values.json) {
      const r = grouping.fingerprintEvent(event, options);
      ctx.io.out(json({ title: r.title, culprit: r.culprit, source: r.source, rule: r.matchedRule?.text ?? null, hashes: r.hashes }));
    } else {
      ctx.io.out(grouping.explain(event, options));
    }
  },
};

async function eventFromFile(path: string): Promise<GroupingInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return eventFromJson(text, path);
}

/** `grouping test-rules`. */
export const groupingTestRulesCommand: Command = {
  words: ['grouping', 'test-rules'],
  summary: "Show how a project's stored events of the last N days would regroup under a rules file.",
  usage: 'faultline grouping test-rules --project P --rules FILE [--days N] [--limit N] [--json]',
  details: [
    '  --project P    project slug or id',
    '  --rules FILE   the proposed fingerprint rules (compared with the project\'s current rules)',
    '  --days N       stored events received in the last N days (default 7)',
    '  --limit N      at most N events, newest first (default 10000)',
    '  --json         print the report as JSON',
    'Reads each event\'s raw JSON from object storage (S3_* variables). Changes nothing.',
  ],
  flags: { project: { type: 'string' }, rules: { type: 'string' }, days: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, ctx) {
    const project = requiredFlag(args, 'project');
    requiredFlag(args, 'rules');
    const days = positiveIntFlag(args, 'days') ?? 7;
    const limit = positiveIntFlag(args, 'limit') ?? 10_000;
    const proposed = await parsedRules((await rulesFlag(args))!, `--rules ${stringFlag(args, 'rules')}`);
    const report = await withClustering(ctx, project, { storage: true }, async (session) => {
      const current = await projectGrouping(session);
      const rows: (StoredRef & { event_id: string })[] = await session.ds.query(
        `SELECT event_id, object_key, object_offset, object_length FROM events WHERE project_id = $1 AND received_at >= now() - make_interval(days => $2)
          ORDER BY received_at DESC LIMIT $3`,
        [session.projectId, days, limit],
      );
      const events: SentryEvent[] = [];
      let missing = 0;
      for (let i = 0; i < rows.length; i += 32) {
        const chunk = await Promise.all(
          rows.slice(i, i + 32).map(async (r) => {
            if (!r.object_key) return undefined;
            try {
              return (await eventFromJson((await readStored(session, r)).toString('utf8'), r.object_key)).event;
            } catch {
              return undefined;
            }
          }),
        );
        for (const e of chunk) {
          if (e) events.push(e);
          else missing++;
        }
      }
      const { regroup } = await import('@faultline/grouping');
      const before = { rules: await parsedRules(current.rules, 'project rules'), config: current.config };
      return { ...regroup(events, before, { rules: proposed, config: current.config }), unreadable: missing };
    });
    if (args.values.json) {
      ctx.io.out(json(report));
      return;
    }
    ctx.io.out(`events: ${report.events} (last ${days} days${report.unreadable > 0 ? `, ${report.unreadable} without a readable raw object skipped` : ''})`);
    ctx.io.out(`groups: ${report.groupsBefore} now, ${report.groupsAfter} under the proposed rules`);
    ctx.io.out(`events changing group: ${report.changed.length}`);
    const moves = new Map<string, { n: number; from: string; to: string; title: string }>();
    for (const c of report.changed) {
      const k = `${c.before}>${c.after}`;
      const m = moves.get(k) ?? { n: 0, from: c.before, to: c.after, title: c.titleAfter };
      m.n++;
      moves.set(k, m);
    }
    for (const m of [...moves.values()].sort((a, b) => b.n - a.n).slice(0, 50)) {
      ctx.io.out(`  ${String(m.n).padStart(6)}  ${m.from} → ${m.to}  ${m.title}`);
    }
  },
};
