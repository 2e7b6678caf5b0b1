// End-to-end resolution against a real esbuild bundle and a real V8 stack from running it.
import { SourceMapLookup, SymbolicationStatus } from '@faultline/contracts';
import { MapCache, MemoryArtifactSource, symbolicateEvent } from '../src/index.js';
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
      'a /fixtures/app/main.ts:9', // outermost frame: nobody names it, the minified name stays
      'checkout /fixtures/app/cart.ts:10',
      // The arrow passed to Array.map: its caller is native code with no map, so it keeps the SDK's "?".
      '? /fixtures/app/cart.ts:10',
      'describeLine /fixtures/app/cart.ts:15',
      'formatPrice /fixtures/app/format.ts:6',
    ]);
    const entry = top(out.frames);
    expect(entry.status).toBe(SymbolicationStatus.APPLIED);
    expect(entry.lookup).toBe(SourceMapLookup.RELEASE_URL);
    expect(entry.sourceMap).toBe('https://shop.example.com/assets/app.min.js.map');
    expect(entry.rawFrame?.absPath).toBe(SCRIPT_URL);
    expect(entry.rawFrame?.function).toBe('n');
    expect(entry.rawFrame?.lineno).toBe(1);
    expect(top(out.results)).toBe('applied');
  });
});
