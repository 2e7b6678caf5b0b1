// `faultline sourcemaps upload`: uploads a build directory's minified files and source maps as
// release files to the enrichment service, for people without sentry-cli. Problems the service
// would only find at error time (a map that does not parse, a minified file whose map is not in
// the directory) are checked here first.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { envUrl, loadConfig } from '@faultline/platform-config';
import { sourceMappingUrl, validateUpload } from '@faultline/sourcemaps';
import { z } from 'zod';
import { requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';

/** FAULTLINE_ENRICHMENT_URL and FAULTLINE_AUTH_TOKEN: where to upload, and as whom. */
const uploadEnv = z.object({
  FAULTLINE_ENRICHMENT_URL: envUrl({ protocols: ['http:', 'https:'], default: 'http://127.0.0.1:8081' }),
  FAULTLINE_AUTH_TOKEN: z.string().optional(),
});

const UPLOADED = /\.(?:m|c)?js(?:\.map)?$/;

/** Every file under `dir` worth uploading (scripts and maps), as paths relative to `dir`. */
async function collect(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read directory ${dir}: ${(error as Error).message}`);
  }
  return entries
    .filter((e) => e.isFile() && UPLOADED.test(e.name) && !e.parentPath.split(sep).includes('node_modules'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** `sourcemaps upload --project P --release R [--dist D] [--url-prefix ~/] [--force] <dir>`. */
export const sourcemapsUploadCommand: Command = {
  words: ['sourcemaps', 'upload'],
  summary: 'Upload a build directory (minified .js and .map files) as release files.',
  usage: 'faultline sourcemaps upload --project SLUG --release VERSION [--dist DIST] [--url-prefix PREFIX] [--token TOKEN] [--force] <dir>',
  details: [
    '  --project SLUG      project the files belong to (required)',
    '  --release VERSION   release the events carry (Sentry.init({ release })) (required)',
    '  --dist DIST         distribution, when the events carry one',
    '  --url-prefix PREFIX URL prefix of the directory as the browser loads it (default ~/, e.g. ~/static/js)',
    '  --token TOKEN       API token with project:releases (default FAULTLINE_AUTH_TOKEN)',
    '  --force             upload even when a map does not parse or a script has no map',
    '',
    'Uploads to FAULTLINE_ENRICHMENT_URL (default http://127.0.0.1:8081). Files are checked first:',
    'a source map that does not parse, or a minified file whose map is not in <dir>, stops the upload',
    '(exit 1) unless --force. Prints one line per file; a frame is matched by release + dist + URL.',
  ],
  flags: {
    project: { type: 'string' },
    release: { type: 'string' },
    dist: { type: 'string' },
    'url-prefix': { type: 'string' },
    token: { type: 'string' },
    force: { type: 'boolean' },
  },
  positionals: { names: ['<dir>'], required: 1 },
  async run(args, { io }) {
    const project = requiredFlag(args, 'project');
    const release = requiredFlag(args, 'release');
    const dist = stringFlag(args, 'dist');
    if (release.includes('/')) throw new UsageError('--release must not contain "/"');
    const prefix = (stringFlag(args, 'url-prefix') ?? '~/').replace(/\/?$/, '/');
    const env = loadConfig(uploadEnv, io.env);
    const token = stringFlag(args, 'token') ?? env.FAULTLINE_AUTH_TOKEN;
    if (!token) throw new UsageError('an API token is needed: --token or FAULTLINE_AUTH_TOKEN (npx faultline token create --scope project:releases)');
    const dir = args.positionals[0]!;
    const paths = await collect(dir);
    if (paths.length === 0) throw new UsageError(`${dir} has no .js or .map files`);
    const files = await Promise.all(paths.map(async (path) => ({ path, url: `${prefix}${path}`, content: new Uint8Array(await readFile(join(dir, path))) })));
    const problems = validateUpload(files.map((f) => ({ url: f.url, content: f.content })));
    for (const p of problems) io.err(`${args.values.force ? 'warning' : 'error'}: ${p.message}`);
    if (problems.length > 0 && !args.values.force) throw new CliError(`${problems.length} problem(s) found; nothing was uploaded (use --force to upload anyway)`);

    const base = env.FAULTLINE_ENRICHMENT_URL.replace(/\/$/, '');
    const endpoint = `${base}/api/0/projects/faultline/${encodeURIComponent(project)}/releases/${encodeURIComponent(release)}/files/`;
    // Maps first, so each minified file finds its map already stored.
    const ordered = [...files].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
    for (const file of ordered) {
      const form = new FormData();
      form.append('file', new Blob([file.content]), file.path.split('/').pop());
      form.append('name', file.url);
      if (dist) form.append('dist', dist);
      const reference = file.path.endsWith('.map') ? undefined : sourceMappingUrl(new TextDecoder().decode(file.content));
      if (reference && !reference.startsWith('data:')) form.append('header', `Sourcemap:${reference}`);
      let res: Response;
      try {
        res = await fetch(endpoint, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      } catch (error) {
        throw new CliError(`cannot reach ${base}: ${(error as Error).cause ?? (error as Error).message}`);
      }
      const body = (await res.json().catch(() => ({}))) as { detail?: string; sha1?: string };
      if (res.status !== 201) throw new CliError(`${file.url}: ${res.status} ${body.detail ?? res.statusText}`);
      io.out(`uploaded ${file.url} (${file.content.length} bytes, sha1 ${body.sha1})`);
    }
    io.out(`${files.length} file(s) uploaded to ${project} release ${release}${dist ? ` dist ${dist}` : ''}`);
  },
};
