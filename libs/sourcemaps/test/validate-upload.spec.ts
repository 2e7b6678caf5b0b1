// Upload validation against real esbuild output.
import { validateUpload, type UploadFile } from '../src/index.js';
import { buildApp, injectDebugId, type BuiltApp } from './build-fixture.js';

const DEBUG_ID = '5e3a1c2b-9f4d-4e6a-8b7c-0d1e2f3a4b5c';
const bytes = (s: string) => new TextEncoder().encode(s);
let app: BuiltApp;

beforeAll(async () => {
  app = await buildApp();
});

const upload = (code: string, map?: string, mapUrl = '~/assets/app.min.js.map'): UploadFile[] => [
  { url: '~/assets/app.min.js', content: bytes(code) },
  ...(map === undefined ? [] : [{ url: mapUrl, content: bytes(map) }]),
];

describe('validateUpload', () => {
  it('accepts a bundle with its map', () => {
    expect(validateUpload(upload(app.code, app.map))).toEqual([]);
  });

  it('reports a map that does not parse', () => {
    expect(validateUpload(upload(app.code, app.map.slice(0, 100)))).toEqual([
      expect.objectContaining({ url: '~/assets/app.min.js.map', kind: 'map_parse_error' }),
      // The bundle's map is then effectively missing too.
      expect.objectContaining({ url: '~/assets/app.min.js', kind: 'missing_sourcemap' }),
    ]);
  });

  it('reports a minified file whose sourceMappingURL has no map in the upload', () => {
    const problems = validateUpload(upload(app.code));
    expect(problems).toEqual([expect.objectContaining({ kind: 'missing_sourcemap' })]);
    expect(problems[0]!.message).toContain('~/assets/app.min.js.map');
  });

  it('accepts a map found by debug id under another name, and flags a debug id nobody carries', () => {
    const injected = injectDebugId(app, DEBUG_ID);
    expect(validateUpload(upload(injected.code, injected.map, '~/elsewhere/x.map'))).toEqual([]);
    const other = injectDebugId(app, '00000000-0000-4000-8000-000000000000');
    expect(validateUpload(upload(injected.code, other.map))).toEqual([expect.objectContaining({ kind: 'debug_id_mismatch' })]);
  });

  it('checks inline data: maps', async () => {
    const inline = await buildApp(true);
    expect(validateUpload(upload(inline.code))).toEqual([]);
    const broken = inline.code.replace(/base64,[A-Za-z0-9+/=]+/, 'base64,e30K');
    expect(validateUpload(upload(broken))).toEqual([expect.objectContaining({ kind: 'map_parse_error' })]);
  });

  it('reports a minified file that names no map at all, and skips original sources', () => {
    expect(validateUpload([{ url: '~/a.js', content: bytes('a()') }])).toEqual([expect.objectContaining({ kind: 'no_sourcemap_reference' })]);
    expect(validateUpload([{ url: '~/src/a.js', type: 'source', content: bytes('a()') }])).toEqual([]);
  });
});
