// `faultline sourcemaps list|delete` (real process) against what the upload API stored: files by
// release and debug id; deleting a release's files (or some URLs) removes their rows and the
// objects no other file uses.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ObjectStorage } from '@faultline/platform-storage';
import { startService, type Service } from './harness.js';
import { buildBundle, uploadBundle } from './upload-client.js';

const launcher = fileURLToPath(new URL('../../../bin/faultline.mjs', import.meta.url));
const DEBUG_ID = '0c2d4e6f-1a3b-4c5d-8e7f-901a2b3c4d5e';

describe('faultline sourcemaps list|delete', { timeout: 120_000 }, () => {
  let svc: Service;
  let env: Record<string, string>;
  const faultline = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [launcher, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      });
    });
  const files = (release: string, n: number, extra: Record<string, string> = {}) => [
    { url: `~/assets/app${n}.js`, type: 'minified_source' as const, content: `function a(){}\n//# sourceMappingURL=app${n}.js.map\n`, headers: { sourcemap: `app${n}.js.map`, ...extra } },
    { url: `~/assets/app${n}.js.map`, type: 'source_map' as const, content: JSON.stringify({ version: 3, sources: [`${release}.ts`], names: [], mappings: 'AAAA' }), headers: extra },
  ];

  beforeAll(async () => {
    svc = await startService();
    const c = svc.config;
    env = { DATABASE_URL: c.DATABASE_URL, DATABASE_SCHEMA: c.DATABASE_SCHEMA!, S3_ENDPOINT: c.S3_ENDPOINT, S3_ACCESS_KEY: c.S3_ACCESS_KEY, S3_SECRET_KEY: c.S3_SECRET_KEY, S3_BUCKET: c.S3_BUCKET };
    for (const [release, n, headers] of [['web@1', 1, { 'debug-id': DEBUG_ID }], ['web@2', 2, {}], ['web@2', 3, {}]] as const) {
      const answers = await uploadBundle(svc.url, svc.token, buildBundle(files(release, n, headers)), { projects: ['web'], version: release });
      expect(answers.at(-1)!.body.state, JSON.stringify(answers)).toBe('ok');
    }
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
  });

  it('lists by project, release and debug id', async () => {
    const all = await faultline('sourcemaps', 'list', '--project', 'web', '--json');
    expect(all.code, all.stderr).toBe(0);
    const listed = JSON.parse(all.stdout) as { release: string; url: string; kind: string; debugId: string | null }[];
    expect(listed.map((f) => `${f.release} ${f.kind} ${f.url}`).sort()).toEqual([
      'web@1 minified_source ~/assets/app1.js', 'web@1 source_map ~/assets/app1.js.map',
      'web@2 minified_source ~/assets/app2.js', 'web@2 minified_source ~/assets/app3.js',
      'web@2 source_map ~/assets/app2.js.map', 'web@2 source_map ~/assets/app3.js.map',
    ]);
    const byId = JSON.parse((await faultline('sourcemaps', 'list', '--project', 'web', '--debug-id', DEBUG_ID.toUpperCase(), '--json')).stdout) as { url: string }[];
    expect(byId.map((f) => f.url).sort()).toEqual(['~/assets/app1.js', '~/assets/app1.js.map']);
    const table = await faultline('sourcemaps', 'list', '--project', String(svc.project.id), '--release', 'web@1');
    expect(table.stdout.split('\n')[0]).toMatch(/^RELEASE\s+DIST\s+KIND\s+URL\s+DEBUG ID\s+BYTES\s+UPLOADED$/);
    expect(table.stdout).toContain(DEBUG_ID);
    expect((await faultline('sourcemaps', 'list', '--project', 'web', '--release', 'web@9')).stdout.trim()).toBe('No uploaded files match.');
    const bad = await faultline('sourcemaps', 'list', '--project', 'web', '--debug-id', 'nope');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--debug-id must be a UUID')]);
    const unknown = await faultline('sourcemaps', 'list', '--project', 'nope');
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('project "nope" does not exist')]);
  });

  it('deletes one URL, then a whole release, with the objects no other file uses', async () => {
    const storage = new ObjectStorage({ endpoint: svc.s3.endpoint, accessKey: svc.s3.accessKeyId, secretKey: svc.s3.secretAccessKey, bucket: svc.config.S3_BUCKET });
    const objects = async () => (await storage.list('artifacts/')).length;
    // Six files, five objects: the maps of app2 and app3 are byte for byte the same (stored once).
    expect(await objects()).toBe(5);

    // The object stays while app2.js.map still uses it.
    const one = await faultline('sourcemaps', 'delete', '--project', 'web', '--release', 'web@2', '--url', '~/assets/app3.js.map');
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('Deleted 1 file(s) of release web@2.');
    expect(await objects()).toBe(5);

    const release = await faultline('sourcemaps', 'delete', '--project', 'web', '--release', 'web@2', '--json');
    expect(JSON.parse(release.stdout).map((f: { url: string }) => f.url).sort()).toEqual(['~/assets/app2.js', '~/assets/app2.js.map', '~/assets/app3.js']);
    expect(await objects()).toBe(2);
    const left = JSON.parse((await faultline('sourcemaps', 'list', '--project', 'web', '--json')).stdout) as { release: string }[];
    expect(left.map((f) => f.release)).toEqual(['web@1', 'web@1']);

    const none = await faultline('sourcemaps', 'delete', '--project', 'web', '--release', 'web@2');
    expect([none.code, none.stdout.trim()]).toEqual([0, 'No files of release web@2 matched; nothing deleted.']);
    const missing = await faultline('sourcemaps', 'delete', '--project', 'web');
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--release is required')]);
  });
});
