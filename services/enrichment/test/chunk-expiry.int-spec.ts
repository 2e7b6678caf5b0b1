// Uploaded chunks expire after ENRICHMENT_CHUNK_TTL (the assembled files stay), and with 0 they
// are kept.
import { ObjectStorage } from '@faultline/platform-storage';
import { startService, type Service } from './harness.js';
import { buildBundle, uploadBundle } from './upload-client.js';

const bundle = (n: number) =>
  buildBundle([
    { url: `~/assets/app${n}.js`, type: 'minified_source', content: `function a(){throw new Error("x")}a();\n//# sourceMappingURL=app${n}.js.map\n`, headers: { sourcemap: `app${n}.js.map` } },
    { url: `~/assets/app${n}.js.map`, type: 'source_map', content: JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' }) },
  ]);
const storageOf = (svc: Service) =>
  new ObjectStorage({ endpoint: svc.s3.endpoint, accessKey: svc.s3.accessKeyId, secretKey: svc.s3.secretAccessKey, bucket: svc.config.S3_BUCKET });
const expired = async (svc: Service) => {
  const line = (await svc.metrics()).split('\n').find((l) => l.startsWith('faultline_sourcemap_upload_chunks_expired_total '));
  return Number(line?.split(' ')[1] ?? NaN);
};

describe('uploaded chunks expire', () => {
  it('are deleted after ENRICHMENT_CHUNK_TTL, counted; the assembled files stay and the bundle is still known', async () => {
    // 3 s: object times may be whole seconds, so a chunk can look up to 1 s older than it is.
    const svc = await startService({ ENRICHMENT_CHUNK_TTL: '3s', ENRICHMENT_CHUNK_SWEEP_INTERVAL: '1s' });
    try {
      const storage = storageOf(svc);
      // Built once: the ZIP records times, so a rebuild is another bundle.
      const built = bundle(1);
      const answers = await uploadBundle(svc.url, svc.token, built, { projects: ['web'], version: 'web@1' });
      expect(answers.at(-1)!.body).toMatchObject({ state: 'ok', missingChunks: [] });
      const uploaded = answers[0]!.body.missingChunks.length;
      expect(uploaded).toBeGreaterThan(0);
      const deadline = Date.now() + 15_000;
      while ((await storage.list('chunks/')).length > 0) {
        if (Date.now() > deadline) throw new Error('chunks were not deleted');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await expired(svc)).toBe(uploaded);
      expect((await storage.list('artifacts/')).length).toBe(2);
      // The bundle's state is kept: uploading it again needs no chunk.
      expect(await uploadBundle(svc.url, svc.token, built, { projects: ['web'], version: 'web@1' })).toEqual([
        { status: 200, body: expect.objectContaining({ state: 'ok', missingChunks: [] }) },
      ]);
    } finally {
      await svc.close();
    }
  }, 60_000);

  it('are kept with ENRICHMENT_CHUNK_TTL=0', async () => {
    const svc = await startService({ ENRICHMENT_CHUNK_TTL: '0', ENRICHMENT_CHUNK_SWEEP_INTERVAL: '1s' });
    try {
      const answers = await uploadBundle(svc.url, svc.token, bundle(2), { projects: ['web'], version: 'web@1' });
      expect(answers.at(-1)!.body.state).toBe('ok');
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await storageOf(svc).list('chunks/')).length).toBe(answers[0]!.body.missingChunks.length);
      expect(await expired(svc)).toBe(0);
    } finally {
      await svc.close();
    }
  }, 60_000);
});
