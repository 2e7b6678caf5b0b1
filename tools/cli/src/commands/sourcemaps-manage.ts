// `faultline sourcemaps list|delete`: what is uploaded for a project (the first thing to look at
// when a frame says `missing_sourcemap` or `no_debug_id_match`), and removing a release's files.
// Both read the artifact index in PostgreSQL directly; delete also removes the stored objects no
// other file uses.
import type { ListedArtifact } from '@faultline/platform-artifacts';

import { listFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../errors.js';
import { json, table } from '../format.js';
import { withClustering } from './grouping.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens the index of `project`; with `storage` the object store too (S3_* variables), which only delete needs. */
async function withIndex<T>(
  ctx: CommandContext,
  project: string,
  storage: boolean,
  fn: (index: import('@faultline/platform-artifacts').ArtifactIndex, projectId: number) => Promise<T>,
): Promise<T> {
  const { ArtifactIndex } = await import('@faultline/platform-artifacts');
  return withClustering(ctx, project, { storage }, (s) => {
    const objects = s.storage ?? (new Proxy({}, { get: () => { throw new Error('listing needs no object storage'); } }) as NonNullable<typeof s.storage>);
    return fn(new ArtifactIndex(s.ds, objects), s.projectId);
  });
}

function print(ctx: CommandContext, files: readonly ListedArtifact[], asJson: boolean, none: string): void {
  if (asJson) {
    ctx.io.out(json(files.map(({ storageKey: _, ...f }) => f)));
    return;
  }
  if (files.length === 0) {
    ctx.io.out(none);
    return;
  }
  const rows = files.map((f) => [f.release || '-', f.dist || '-', f.kind, f.url ?? '-', f.debugId ?? '-', String(f.size), f.createdAt.toISOString()]);
  for (const line of table([['RELEASE', 'DIST', 'KIND', 'URL', 'DEBUG ID', 'BYTES', 'UPLOADED'], ...rows])) ctx.io.out(line);
}

/** `sourcemaps list --project P [--release R] [--debug-id ID] [--json]`. */
export const sourcemapsListCommand: Command = {
  words: ['sourcemaps', 'list'],
  summary: 'List uploaded source maps and minified files (by release or debug id).',
  usage: 'faultline sourcemaps list --project P [--release VERSION] [--debug-id ID] [--json]',
  details: [
    '  --project P         project slug or id (required)',
    '  --release VERSION   only files of this release',
    '  --debug-id ID       only files with this debug id (what debug_meta.images[] of an event names)',
    '  --json              print a JSON array',
    '',
    'Newest first: release, dist, kind, URL (~/path or full URL), debug id, size, upload time.',
    'A frame matches by debug id first, then by release + dist + URL (docs/ENRICHMENT.md).',
  ],
  flags: { project: { type: 'string' }, release: { type: 'string' }, 'debug-id': { type: 'string' }, json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, ctx) {
    const project = requiredFlag(args, 'project');
    const debugId = stringFlag(args, 'debug-id');
    if (debugId !== undefined && !UUID.test(debugId)) throw new UsageError(`--debug-id must be a UUID, got "${debugId}"`);
    const files = await withIndex(ctx, project, false, (index, projectId) => index.list(projectId, { release: stringFlag(args, 'release'), debugId: debugId?.toLowerCase() }));
    print(ctx, files, args.values.json === true, 'No uploaded files match.');
  },
};

/** `sourcemaps delete --project P --release R [--dist D] [--url URL]… [--json]`. */
export const sourcemapsDeleteCommand: Command = {
  words: ['sourcemaps', 'delete'],
  summary: 'Delete the uploaded files of a release (or of some of its URLs).',
  usage: 'faultline sourcemaps delete --project P --release VERSION [--dist DIST] [--url URL]... [--json]',
  details: [
    '  --project P         project slug or id (required)',
    '  --release VERSION   release whose files go (required)',
    '  --dist DIST         only files of this dist',
    '  --url URL           only this file (~/path or full URL, as `sourcemaps list` shows it); repeatable',
    '  --json              print the deleted files as a JSON array',
    '',
    'Stored objects no other file uses are removed too. Running enrichment replicas may still apply',
    'a map they hold in memory (ENRICHMENT_MAP_CACHE_BYTES) and answer lookups from their index',
    'cache for ENRICHMENT_ARTIFACT_INDEX_TTL.',
  ],
  flags: { project: { type: 'string' }, release: { type: 'string' }, dist: { type: 'string' }, url: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  positionals: { names: [], required: 0 },
  async run(args, ctx) {
    const project = requiredFlag(args, 'project');
    const release = requiredFlag(args, 'release');
    const deleted = await withIndex(ctx, project, true, (index, projectId) => index.deleteFiles(projectId, release, { dist: stringFlag(args, 'dist'), urls: listFlag(args, 'url') }));
    if (args.values.json) {
      print(ctx, deleted, true, '');
      return;
    }
    print(ctx, deleted, false, `No files of release ${release} matched; nothing deleted.`);
    if (deleted.length > 0) ctx.io.out(`Deleted ${deleted.length} file(s) of release ${release}.`);
  },
};
