// The artifact index against real PostgreSQL and s3rver: migrations, storing, both lookups, and
// replacement of a release file uploaded again.
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS, ProjectsStore } from '@faultline/platform-projects';
import { ObjectStorage } from '@faultline/platform-storage';
import { createTestSchema, startS3rver, type StartedS3rver, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { ArtifactIndex } from './artifact-index.js';
import { ARTIFACTS_MIGRATIONS } from './migrations.js';

describe('ArtifactIndex (PostgreSQL + s3rver)', () => {
  let schema: TestSchema;
  let s3: StartedS3rver;
  let ds: DataSource;
  let index: ArtifactIndex;
  let projectId: number;

  beforeAll(async () => {
    [schema, s3] = await Promise.all([createTestSchema(), startS3rver({ buckets: ['artifacts'] })]);
    ds = createDataSource({ url: schema.url, schema: schema.schema, entities: PROJECTS_ENTITIES, migrations: [...PROJECTS_MIGRATIONS, ...ARTIFACTS_MIGRATIONS] });
    await ds.initialize();
    await runMigrations(ds);
    projectId = (await new ProjectsStore(ds).createProject({ slug: 'web' })).project.id;
    const storage = new ObjectStorage({ endpoint: s3.endpoint, accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey, bucket: 'artifacts' });
    index = new ArtifactIndex(ds, storage);
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
    await s3?.stop();
  });

  it('stores bytes content-addressed and finds files by debug id and by release + dist + URL', async () => {
    const debugId = '26e5a723-fd4e-5dae-9578-98174f07592f';
    await index.store([
      { projectId, release: 'r1', dist: '', url: '~/app.js', debugId, kind: 'minified_source', content: Buffer.from('code'), headers: { sourcemap: 'app.js.map' } },
      { projectId, release: 'r1', dist: '', url: '~/app.js.map', debugId, kind: 'source_map', content: Buffer.from('{"version":3}'), headers: {} },
    ]);
    const map = await index.byDebugId(projectId, debugId, 'source_map');
    expect(map).toMatchObject({ url: '~/app.js.map', kind: 'source_map', size: 13 });
    expect((await index.read(map!.storageKey)).toString()).toBe('{"version":3}');
    expect(await index.byUrl(projectId, 'r1', '', '~/app.js')).toMatchObject({ headers: { sourcemap: 'app.js.map' } });
    expect(await index.byUrl(projectId, 'r2', '', '~/app.js')).toBeUndefined();
    expect(await index.byUrl(projectId, 'r1', 'd1', '~/app.js')).toBeUndefined();
  });

  it('a file uploaded again under the same release, dist and URL replaces the earlier one', async () => {
    await index.store([{ projectId, release: 'r3', dist: 'd', url: '~/x.js', kind: 'minified_source', content: Buffer.from('v1'), headers: {} }]);
    await index.store([{ projectId, release: 'r3', dist: 'd', url: '~/x.js', kind: 'minified_source', content: Buffer.from('v2'), headers: {} }]);
    const files = (await index.releaseFiles(projectId, 'r3')).filter((f) => f.url === '~/x.js');
    expect(files).toHaveLength(1);
    expect((await index.read(files[0]!.storageKey)).toString()).toBe('v2');
  });

  it('keeps chunks, reports the missing ones, and records bundle states', async () => {
    const sha = 'a'.repeat(40);
    expect(await index.missingChunks([sha])).toEqual([sha]);
    await index.putChunk(sha, Buffer.from('chunk'));
    expect(await index.missingChunks([sha, 'b'.repeat(40)])).toEqual(['b'.repeat(40)]);
    expect((await index.readChunks([sha, sha], 100)).toString()).toBe('chunkchunk');
    await index.setBundleState('c'.repeat(40), { state: 'error', detail: 'bad', files: 2 });
    expect(await index.bundleState('c'.repeat(40))).toEqual({ state: 'error', detail: 'bad', files: 2 });
  });

  it('links releases to projects', async () => {
    await index.createRelease('v9', [projectId]);
    expect(await index.releaseProjects('v9')).toEqual([projectId]);
    expect(await index.releaseProjects('nope')).toEqual([]);
  });
});
