// End-to-end resolution against a real esbuild bundle and a real V8 stack from running it.
import { SentryEventSchema, SourceMapLookup, SymbolicationStatus } from '@faultline/contracts';
import { toJson } from '@bufbuild/protobuf';
import { MapCache, MemoryArtifactSource, symbolicateEvent, symbolicateEventJson } from '../src/index.js';
import { buildApp, crashStack, eventFor, injectDebugId, SCRIPT_URL, type BuiltApp } from './build-fixture.js';

const DEBUG_ID = '5e3a1c2b-9f4d-4e6a-8b7c-0d1e2f3a4b5c';
let app: BuiltApp;
let stack: string;

beforeAll(async () => {
  app = await buildApp();
  stack = crashStack(app.code);
});

function releaseSource(files: { code?: string; map?: string; mapUrl?: string; headers?: Record<string, string> }): MemoryArtifactSource {
  const source = new MemoryArtifactSource();
  if (files.code !== undefined) source.add({ projectId: 'p1', release: '1.0', url: '~/assets/app.min.js', kind: 'minified_source', content: files.code, headers: files.headers });
  if (files.map !== undefined) source.add({ projectId: 'p1', release: '1.0', url: files.mapUrl ?? '~/assets/app.min.js.map', kind: 'source_map', content: files.map });
  return source;
}

/** The crashing frame (last) and its symbolication entry. */
function top<T>(list: T[]): T {
  return list.at(-1)!;
}

describe('symbolicateEvent with a real minified stack', () => {
  it('maps the crashing frame by release + URL to file, line, column, function and context', async () => {
    const event = eventFor(stack, { release: '1.0' });
    const out = await symbolicateEvent(event, { projectId: 'p1', source: releaseSource(app), cache: new MapCache() });
    const frames = out.event.exception!.values[0]!.stacktrace!.frames;
    const crash = top(frames);
    expect(crash.filename).toBe('/fixtures/app/format.ts');
    expect(crash.absPath).toBe('https://shop.example.com/fixtures/app/format.ts');
    expect(crash.lineno).toBe(6);
    expect(crash.colno).toBe(11);
    expect(crash.function).toBe('formatPrice');
    expect(crash.contextLine).toBe('    throw new RangeError(`negative price: ${cents} ${CURRENCY_NAMES.length}`);');
    expect(crash.preContext).toHaveLength(5);
    expect(crash.preContext.at(-1)).toBe('  if (cents < 0) {');
    expect(crash.postContext[0]).toBe('  }');
    expect(crash.inApp).toBe(true);
    // The caller names each callee: describeLine calls formatPrice, the arrow in checkout calls describeLine.
    const names = frames.filter((f) => f.filename.startsWith('/fixtures/')).map((f) => `${f.function} ${f.filename}:${f.lineno}`);
    expect(names).toEqual([
      // Outermost frame: nobody names it, so the function around it in the original source does
      // (the minified name was `a`).
      'startApp /fixtures/app/main.ts:9',
      'checkout /fixtures/app/cart.ts:10',
      // The arrow passed to Array.map: its caller is native code with no map, so it keeps the SDK's "?".
      '? /fixtures/app/cart.ts:10',
      'describeLine /fixtures/app/cart.ts:15',
      'formatPrice /fixtures/app/format.ts:6',
    ]);
    // Only the outermost frame is named by its scope, and its record says so (grouping reads it).
    expect(out.frames.map((f) => f.scopeName)).toEqual(frames.map((f) => f.function === 'startApp'));
    expect(out.frames.find((f) => f.scopeName)?.rawFrame?.function).toBe('a');
    const entry = top(out.frames);
    expect(entry.status).toBe(SymbolicationStatus.APPLIED);
    expect(entry.lookup).toBe(SourceMapLookup.RELEASE_URL);
    expect(entry.sourceMap).toBe('https://shop.example.com/assets/app.min.js.map');
    expect(entry.rawFrame?.absPath).toBe(SCRIPT_URL);
    expect(entry.rawFrame?.function).toBe('n');
    expect(entry.rawFrame?.lineno).toBe(1);
    expect(top(out.results)).toBe('applied');
  });

  it('trims the long source line in the context with {snip}', async () => {
    const out = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source: releaseSource(app), cache: new MapCache() });
    const crash = top(out.event.exception!.values[0]!.stacktrace!.frames);
    const long = crash.preContext[1]!;
    expect(long.startsWith("const CURRENCY_NAMES = ['euro'")).toBe(true);
    expect(long.endsWith(' {snip}')).toBe(true);
    expect(long).toHaveLength(140 + ' {snip}'.length);
  });

  it('matches by debug id from debug_meta with no release at all', async () => {
    const injected = injectDebugId(app, DEBUG_ID);
    const injectedStack = crashStack(injected.code);
    const source = new MemoryArtifactSource();
    source.add({ projectId: 'p1', debugId: DEBUG_ID, kind: 'source_map', url: '~/assets/app.min.js.map', content: injected.map });
    const out = await symbolicateEvent(eventFor(injectedStack, { debugId: DEBUG_ID }), { projectId: 'p1', source, cache: new MapCache() });
    const crash = top(out.event.exception!.values[0]!.stacktrace!.frames);
    expect(`${crash.function} ${crash.filename}:${crash.lineno}:${crash.colno}`).toBe('formatPrice /fixtures/app/format.ts:6:11');
    expect(top(out.frames).lookup).toBe(SourceMapLookup.DEBUG_ID);
    expect(top(out.frames).debugId).toBe(DEBUG_ID);
  });

  it('falls back to the minified file\'s own //# debugId= when its map is not uploaded by URL', async () => {
    const injected = injectDebugId(app, DEBUG_ID);
    const source = new MemoryArtifactSource();
    source.add({ projectId: 'p1', release: '1.0', url: '~/assets/app.min.js', kind: 'minified_source', content: injected.code });
    source.add({ projectId: 'p1', debugId: DEBUG_ID, kind: 'source_map', content: injected.map });
    const out = await symbolicateEvent(eventFor(crashStack(injected.code), { release: '1.0' }), { projectId: 'p1', source, cache: new MapCache() });
    expect(top(out.frames).status).toBe(SymbolicationStatus.APPLIED);
    expect(top(out.frames).lookup).toBe(SourceMapLookup.DEBUG_ID);
  });

  it('reports no_debug_id_match when debug_meta names an id nobody uploaded', async () => {
    const out = await symbolicateEvent(eventFor(stack, { debugId: DEBUG_ID }), { projectId: 'p1', source: new MemoryArtifactSource(), cache: new MapCache() });
    expect(top(out.frames).status).toBe(SymbolicationStatus.NO_DEBUG_ID_MATCH);
    expect(top(out.frames).explanation).toContain(DEBUG_ID);
    expect(top(out.results)).toBe('no_debug_id_match');
    expect(top(out.event.exception!.values[0]!.stacktrace!.frames).function).toBe('n');
  });

  it('follows the sourcemap header of a release file to a map under another name', async () => {
    const source = releaseSource({ code: app.code, map: app.map, mapUrl: '~/maps/app.js.map', headers: { sourcemap: '../maps/app.js.map' } });
    const out = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source, cache: new MapCache() });
    expect(top(out.frames).status).toBe(SymbolicationStatus.APPLIED);
    expect(top(out.frames).sourceMap).toBe('https://shop.example.com/maps/app.js.map');
  });

  it('reads an inline data: URL map from the minified file', async () => {
    const inline = await buildApp(true);
    const source = releaseSource({ code: inline.code });
    const out = await symbolicateEvent(eventFor(crashStack(inline.code), { release: '1.0' }), { projectId: 'p1', source, cache: new MapCache() });
    expect(top(out.frames).lookup).toBe(SourceMapLookup.DATA_URL);
    expect(top(out.event.exception!.values[0]!.stacktrace!.frames).function).toBe('formatPrice');
  });

  it('records missing_sourcemap when the minified file is uploaded but its map is not', async () => {
    const out = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source: releaseSource({ code: app.code }), cache: new MapCache() });
    expect(top(out.frames).status).toBe(SymbolicationStatus.MISSING_SOURCEMAP);
    expect(top(out.results)).toBe('missing_sourcemap');
    expect(top(out.frames).explanation).toContain('https://shop.example.com/assets/app.min.js.map');
  });

  it('records no_release_artifact when the release has no file at any candidate URL', async () => {
    const out = await symbolicateEvent(eventFor(stack, { release: '2.0' }), { projectId: 'p1', source: releaseSource(app), cache: new MapCache() });
    expect(top(out.results)).toBe('no_release_artifact');
    expect(top(out.frames).status).toBe(SymbolicationStatus.MISSING_SOURCEMAP);
    expect(top(out.frames).explanation).toContain('~/assets/app.min.js');
  });

  it('keeps the event and records map_parse_error for a corrupt map', async () => {
    const source = releaseSource({ code: app.code, map: app.map.slice(0, 200) });
    const event = eventFor(stack, { release: '1.0' });
    const out = await symbolicateEvent(event, { projectId: 'p1', source, cache: new MapCache() });
    expect(top(out.frames).status).toBe(SymbolicationStatus.MALFORMED_SOURCEMAP);
    expect(top(out.results)).toBe('map_parse_error');
    expect(out.event.exception!.values[0]!.stacktrace!.frames).toEqual(event.exception!.values[0]!.stacktrace!.frames);
  });

  it('records position_out_of_range and invalid_location, and not_applicable for a non-script frame', async () => {
    const event = eventFor(stack, { release: '1.0' });
    const frames = event.exception!.values[0]!.stacktrace!.frames;
    frames.push({ ...top(frames), lineno: 40 }, { ...top(frames), lineno: 0 }, { ...top(frames), absPath: '', filename: '[native code]' });
    const out = await symbolicateEvent(event, { projectId: 'p1', source: releaseSource(app), cache: new MapCache() });
    expect(out.results.slice(-3)).toEqual(['position_out_of_range', 'invalid_location', 'not_applicable']);
    expect(out.frames.slice(-3).map((f) => f.status)).toEqual([
      SymbolicationStatus.INVALID_LOCATION,
      SymbolicationStatus.INVALID_LOCATION,
      SymbolicationStatus.NOT_APPLICABLE,
    ]);
    expect(out.frames.at(-3)!.frameIndex).toBe(frames.length - 3);
  });

  it('turns webpack:// sources into ./path filenames with a module, and marks node_modules frames not in_app', async () => {
    const map = JSON.parse(app.map) as { sources: string[] };
    map.sources = ['webpack://shop/./src/format.ts', 'webpack://shop/./node_modules/cart/index.ts', 'webpack://shop/./src/main.ts'];
    const out = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source: releaseSource({ code: app.code, map: JSON.stringify(map) }), cache: new MapCache() });
    const frames = out.event.exception!.values[0]!.stacktrace!.frames;
    expect(top(frames)).toMatchObject({ filename: './src/format.ts', module: 'src/format', absPath: 'webpack://shop/./src/format.ts', inApp: true });
    expect(frames.at(-2)).toMatchObject({ filename: './node_modules/cart/index.ts', inApp: false });
  });

  it('applies configured in_app exclusions', async () => {
    const out = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source: releaseSource(app), cache: new MapCache(), inAppExclude: [/\/format\.ts$/] });
    expect(top(out.event.exception!.values[0]!.stacktrace!.frames).inApp).toBe(false);
  });

  it('loads and parses each artifact once per cache, across frames and events', async () => {
    const source = releaseSource(app);
    const cache = new MapCache();
    await Promise.all([1, 2, 3].map(() => symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source, cache })));
    expect(source.loads).toBe(2); // the minified file (for its sourceMappingURL) and the map
    expect(cache.stats().entries).toBe(2);
  });

  it('records sourcemap_too_large for a map over maxMapBytes without parsing it', async () => {
    const out = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source: releaseSource(app), cache: new MapCache(), maxMapBytes: 100 });
    expect(top(out.results)).toBe('sourcemap_too_large');
    expect(top(out.frames).status).toBe(SymbolicationStatus.SOURCEMAP_TOO_LARGE);
  });

  it('takes context from an uploaded original source when the map has no sourcesContent', async () => {
    const { sourcesContent, ...bare } = JSON.parse(app.map) as { sourcesContent: string[] };
    const source = releaseSource({ code: app.code, map: JSON.stringify(bare) });
    source.add({ projectId: 'p1', release: '1.0', url: '~/fixtures/app/format.ts', kind: 'source', content: sourcesContent[0]! });
    const out = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source, cache: new MapCache() });
    const frames = out.event.exception!.values[0]!.stacktrace!.frames;
    expect(top(frames).contextLine).toContain('throw new RangeError');
    // cart.ts was not uploaded: mapped, but without context.
    expect(frames.at(-2)).toMatchObject({ filename: '/fixtures/app/cart.ts', contextLine: '' });
  });

  it('names the outermost frame from an uploaded original source when the map has no sourcesContent', async () => {
    const { sourcesContent, sources, ...bare } = JSON.parse(app.map) as { sourcesContent: string[]; sources: string[] };
    const main = sources.findIndex((s) => s.endsWith('main.ts'));
    const withUpload = releaseSource({ code: app.code, map: JSON.stringify({ ...bare, sources }) });
    withUpload.add({ projectId: 'p1', release: '1.0', url: '~/fixtures/app/main.ts', kind: 'source', content: sourcesContent[main]! });
    for (const symbolicate of [symbolicateEvent, symbolicateEventJson] as const) {
      const event = symbolicate === symbolicateEvent ? eventFor(stack, { release: '1.0' }) : toJson(SentryEventSchema, eventFor(stack, { release: '1.0' }));
      const out = await symbolicate(event as never, { projectId: 'p1', source: withUpload, cache: new MapCache() });
      const frames = (out.event as { exception: { values: { stacktrace: { frames: { function?: string; filename?: string }[] } }[] } }).exception.values[0]!.stacktrace.frames;
      expect(frames.find((f) => f.filename === '/fixtures/app/main.ts')?.function).toBe('startApp');
    }
    // Without the upload the minified name stays.
    const bareOut = await symbolicateEvent(eventFor(stack, { release: '1.0' }), { projectId: 'p1', source: releaseSource({ code: app.code, map: JSON.stringify({ ...bare, sources }) }), cache: new MapCache() });
    expect(bareOut.event.exception!.values[0]!.stacktrace!.frames.find((f) => f.filename === '/fixtures/app/main.ts')?.function).toBe('a');
  });
});
