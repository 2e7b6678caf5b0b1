// `faultline project settings|set`: a project's settings in one place — what ingest reads from
// `projects` (origins, IP storage, project rate limit, inbound filters), enrichment's PII
// overrides (`projects.pii_settings`) and clustering's `clustering_settings` (fingerprint rules,
// grouping config, similarity, regression rule, retention). The services re-read them on their
// own schedule (INGEST_KEY_CACHE_REFRESH, ENRICHMENT_PROJECT_CACHE_TTL, CLUSTERING_SETTINGS_REFRESH).
import { readFile } from 'node:fs/promises';
import type { ProjectPatch, ProjectRecord } from '@faultline/platform-projects';

import { listFlag, positiveIntFlag, stringFlag, type ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { json } from '../format.js';
import { withClustering } from './grouping.js';

type ClusteringRow = import('@faultline/clustering/store').ClusteringSettingsRow;

const REFRESH = [
  'The services pick changes up on their own: ingest within INGEST_KEY_CACHE_REFRESH (2 s),',
  'enrichment within ENRICHMENT_PROJECT_CACHE_TTL (30 s), clustering within CLUSTERING_SETTINGS_REFRESH (30 s).',
];

/** `project settings <slug> [--json]`. */
export const projectSettingsCommand: Command = {
  words: ['project', 'settings'],
  summary: 'Show a project\'s settings: origins, IPs, rate limit, inbound filters, PII, grouping.',
  usage: 'faultline project settings <slug|id> [--json]',
  details: ['  --json   print {"project": {…}, "clustering": {…}} (null clustering values use the service defaults)', '', ...REFRESH],
  flags: { json: { type: 'boolean' } },
  positionals: { names: ['<slug|id>'], required: 1 },
  async run(args, ctx) {
    const view = await withProjectSettings(ctx, args.positionals[0], async (s) => ({ project: s.project, clustering: await s.clustering() }));
    printSettings(ctx, args, view.project, view.clustering);
  },
};

/** `project set <slug> [flags]`. */
export const projectSetCommand: Command = {
  words: ['project', 'set'],
  summary: 'Change a project\'s settings (see "project settings"); flags not given stay as they are.',
  usage: 'faultline project set <slug|id> [flags] [--json]',
  details: [
    'Project (read by ingest and the GitHub service):',
    '  --name NAME                     display name',
    '  --github-repo OWNER/NAME|none   repository its GitHub issues go to',
    '  --allowed-origin ORIGIN         browser origin allowed to send (repeat; replaces the list; "*" for any)',
    '  --store-ip on|off               keep client IP addresses (off: removed by PII scrubbing)',
    '  --rate-limit-per-minute N|none  events per minute for the whole project (keys have their own limits)',
    '  --inbound-filters JSON          merged into the filters; null removes a key. Keys: browserExtensions,',
    '                                  localhost, legacyBrowsers, webCrawlers (true/false), errorMessages,',
    '                                  releases (lists of glob patterns), sampleRate (0–1)',
    '  --reset-inbound-filters         remove every inbound filter first',
    'PII scrubbing (read by enrichment, applied over ENRICHMENT_PII):',
    '  --pii JSON                      merged into the overrides; null removes a key. Keys: enabled,',
    '                                  sensitiveKeys, creditCards, emails, ipAddresses, bearerTokens',
    '                                  (true/false), extraKeys, safeKeys (lists of key names)',
    '  --reset-pii                     remove every override first (ENRICHMENT_PII and the defaults apply)',
    'Grouping (read by clustering; "default" returns to the service setting):',
    '  --fingerprint-rules FILE|none   fingerprint rules file (libs/grouping syntax, checked here)',
    '  --grouping-config NAME|default  grouping config, e.g. js:2026-12-01',
    '  --similarity on|off|default     attach events to similar groups (MinHash)',
    '  --similarity-threshold X|default  0 < X ≤ 1',
    '  --regression release|any|default  which events reopen a resolved group',
    '  --retention-days N|default      keep stored events N days',
    '  --json                          print the result as "project settings --json" does',
    '',
    'Examples:',
    '  npx faultline project set web --allowed-origin https://shop.example.com --store-ip off',
    '  npx faultline project set web --inbound-filters \'{"localhost": true, "errorMessages": ["*ResizeObserver loop*"]}\'',
    '  npx faultline project set web --pii \'{"emails": false, "extraKeys": ["customer_ref"]}\'',
    '  npx faultline project set web --fingerprint-rules grouping.rules --similarity off',
    '',
    ...REFRESH,
  ],
  flags: {
    name: { type: 'string' },
    'github-repo': { type: 'string' },
    'allowed-origin': { type: 'string', multiple: true },
    'store-ip': { type: 'string' },
    'rate-limit-per-minute': { type: 'string' },
    'inbound-filters': { type: 'string' },
    'reset-inbound-filters': { type: 'boolean' },
    pii: { type: 'string' },
    'reset-pii': { type: 'boolean' },
    'fingerprint-rules': { type: 'string' },
    'grouping-config': { type: 'string' },
    similarity: { type: 'string' },
    'similarity-threshold': { type: 'string' },
    regression: { type: 'string' },
    'retention-days': { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { names: ['<slug|id>'], required: 1 },
  async run(args, ctx) {
    // Every flag is checked (and the rules file read and parsed) before the database is touched.
    const clusteringPatch = await clusteringChanges(args);
    const inboundFilters = jsonObjectFlag(args, 'inbound-filters');
    const pii = jsonObjectFlag(args, 'pii');
    const patch: ProjectPatch = {};
    const name = stringFlag(args, 'name');
    if (name !== undefined) patch.name = name;
    const repo = stringFlag(args, 'github-repo');
    if (repo !== undefined) patch.githubRepo = repo === 'none' ? null : repo;
    const origins = listFlag(args, 'allowed-origin');
    if (origins.length > 0) patch.allowedOrigins = origins;
    const storeIp = onOff(args, 'store-ip', false);
    if (storeIp !== undefined) patch.storeIp = storeIp === 'on';
    const limit = stringFlag(args, 'rate-limit-per-minute');
    if (limit !== undefined) patch.rateLimitPerMinute = limit === 'none' ? null : positiveIntFlag(args, 'rate-limit-per-minute')!;
    const changesSomething =
      Object.keys(patch).length > 0 || inboundFilters !== undefined || pii !== undefined || args.values['reset-inbound-filters'] === true ||
      args.values['reset-pii'] === true || Object.keys(clusteringPatch).length > 0;
    if (!changesSomething) throw new UsageError('nothing to change: give at least one setting flag (see --help)');

    const view = await withProjectSettings(ctx, args.positionals[0], async (s) => {
      if (inboundFilters !== undefined || args.values['reset-inbound-filters'] === true) {
        patch.inboundFilters = merged(args.values['reset-inbound-filters'] === true ? {} : s.project.inboundFilters, inboundFilters) as ProjectPatch['inboundFilters'];
      }
      if (pii !== undefined || args.values['reset-pii'] === true) {
        patch.piiSettings = merged(args.values['reset-pii'] === true ? {} : (s.project.piiSettings ?? {}), pii) as ProjectPatch['piiSettings'];
      }
      // The project first: the store checks its values (origins, repository, filters, PII keys)
      // and refuses the whole patch; the grouping values were checked above.
      const project = Object.keys(patch).length > 0 ? await s.store.updateProject(s.project.slug, patch) : s.project;
      if (Object.keys(clusteringPatch).length > 0) await s.setClustering(clusteringPatch);
      return { project, clustering: await s.clustering() };
    });
    if (!args.values.json) ctx.io.out(`Updated project ${view.project.slug} (id ${view.project.id}).`);
    printSettings(ctx, args, view.project, view.clustering);
  },
};

interface SettingsSession {
  project: ProjectRecord;
  store: import('@faultline/platform-projects').ProjectsStore;
  clustering(): Promise<ClusteringRow>;
  setClustering(patch: Partial<ClusteringRow>): Promise<void>;
}

/** Opens the database (migrations first), finds the project by slug or id, and runs `fn`. */
async function withProjectSettings<T>(ctx: CommandContext, slugOrId: string, fn: (s: SettingsSession) => Promise<T>): Promise<T> {
  const [{ ProjectsStore }, { getSettingsRow, setSettings }] = await Promise.all([
    import('@faultline/platform-projects'),
    // eslint-disable-next-line @nx/enforce-module-boundaries -- the clustering service owns clustering_settings
    import('@faultline/clustering/store'),
  ]);
  return withClustering(ctx, undefined, {}, async ({ ds }) => {
    const store = new ProjectsStore(ds);
    const project = await store.getProject(/^\d+$/.test(slugOrId) ? Number(slugOrId) : slugOrId);
    if (!project) throw new CliError(`project "${slugOrId}" does not exist (faultline project list shows the projects)`);
    return fn({ project, store, clustering: () => getSettingsRow(ds, project.id), setClustering: (patch) => setSettings(ds, project.id, patch) });
  });
}

/** The clustering columns the flags change, checked as the clustering service checks them. */
async function clusteringChanges(args: ParsedArgs): Promise<Partial<ClusteringRow>> {
  const patch: Partial<ClusteringRow> = {};
  const rulesFile = stringFlag(args, 'fingerprint-rules');
  const config = stringFlag(args, 'grouping-config');
  const similarity = onOff(args, 'similarity', true);
  const threshold = stringFlag(args, 'similarity-threshold');
  const regression = stringFlag(args, 'regression');
  const retention = stringFlag(args, 'retention-days');
  if (rulesFile !== undefined || config !== undefined) {
    const { getConfig, parseRules } = await import('@faultline/grouping');
    if (rulesFile !== undefined) {
      let text = '';
      if (rulesFile !== 'none') {
        try {
          text = await readFile(rulesFile, 'utf8');
        } catch (error) {
          throw new CliError(`cannot read --fingerprint-rules ${rulesFile}: ${(error as Error).message}`);
        }
        try {
          parseRules(text);
        } catch (error) {
          throw new CliError(`--fingerprint-rules ${rulesFile}: ${(error as Error).message}`);
        }
      }
      patch.fingerprint_rules = text;
    }
    if (config !== undefined) {
      if (config !== 'default') {
        try {
          getConfig(config);
        } catch (error) {
          throw new UsageError(`--grouping-config: ${(error as Error).message}`);
        }
      }
      patch.grouping_config = config === 'default' ? null : config;
    }
  }
  if (similarity !== undefined) patch.similarity_enabled = similarity === 'default' ? null : similarity === 'on';
  if (threshold !== undefined) {
    const value = Number(threshold);
    if (threshold !== 'default' && !(threshold.trim() !== '' && value > 0 && value <= 1)) throw new UsageError(`--similarity-threshold must be a number in (0, 1] or "default", got "${threshold}"`);
    patch.similarity_threshold = threshold === 'default' ? null : value;
  }
  if (regression !== undefined) {
    if (!['release', 'any', 'default'].includes(regression)) throw new UsageError(`--regression must be release, any or default, got "${regression}"`);
    patch.regression = regression === 'default' ? null : (regression as 'release' | 'any');
  }
  if (retention !== undefined) patch.retention_days = retention === 'default' ? null : positiveIntFlag(args, 'retention-days')!;
  return patch;
}

function onOff(args: ParsedArgs, name: string, allowDefault: boolean): 'on' | 'off' | 'default' | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off' || (allowDefault && value === 'default')) return value;
  throw new UsageError(`--${name} must be on${allowDefault ? ', off or default' : ' or off'}, got "${value}"`);
}

/** A flag holding a JSON object, or undefined when absent. */
function jsonObjectFlag(args: ParsedArgs, name: string): Record<string, unknown> | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`--${name} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--${name} must be a JSON object, e.g. --${name} '{"key": value}'`);
  return value as Record<string, unknown>;
}

/** `base` with `changes` applied: a null value removes the key. */
function merged(base: Record<string, unknown>, changes: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

function printSettings(ctx: CommandContext, args: ParsedArgs, project: ProjectRecord, clustering: ClusteringRow): void {
  if (args.values.json) {
    ctx.io.out(json({
      project,
      clustering: {
        fingerprintRules: clustering.fingerprint_rules,
        groupingConfig: clustering.grouping_config,
        similarity: clustering.similarity_enabled,
        similarityThreshold: clustering.similarity_threshold,
        regression: clustering.regression,
        retentionDays: clustering.retention_days,
      },
    }));
    return;
  }
  const orDefault = (value: unknown, what: string) => (value === null || value === undefined ? `default (${what})` : String(value));
  const onOffText = (value: boolean | null, what: string) => (value === null ? `default (${what})` : value ? 'on' : 'off');
  const rules = clustering.fingerprint_rules.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const lines = [
    `Project ${project.slug} (id ${project.id})`,
    `  name:                   ${project.name}`,
    `  status:                 ${project.enabled ? 'enabled' : 'disabled'}`,
    `  github repo:            ${project.githubRepo ?? '-'}`,
    `  allowed origins:        ${project.allowedOrigins.join(' ')}`,
    `  store client IPs:       ${project.storeIp ? 'on' : 'off'}`,
    `  rate limit per minute:  ${project.rateLimitPerMinute ?? 'none'}`,
    `  inbound filters:        ${Object.keys(project.inboundFilters).length === 0 ? 'none' : JSON.stringify(project.inboundFilters)}`,
    `  PII overrides:          ${Object.keys(project.piiSettings ?? {}).length === 0 ? 'none (ENRICHMENT_PII and the defaults apply)' : JSON.stringify(project.piiSettings)}`,
    'Grouping',
    `  fingerprint rules:      ${rules.length === 0 ? 'none' : `${rules.length} rule(s)`}`,
    ...rules.map((rule) => `    ${rule}`),
    `  grouping config:        ${orDefault(clustering.grouping_config, 'the newest')}`,
    `  similarity:             ${onOffText(clustering.similarity_enabled, 'CLUSTERING_SIMILARITY_ENABLED')}`,
    `  similarity threshold:   ${orDefault(clustering.similarity_threshold, 'CLUSTERING_SIMILARITY_THRESHOLD')}`,
    `  regression:             ${orDefault(clustering.regression, 'CLUSTERING_REGRESSION')}`,
    `  retention days:         ${orDefault(clustering.retention_days, 'CLUSTERING_RETENTION_DAYS')}`,
  ];
  for (const line of lines) ctx.io.out(line);
}
