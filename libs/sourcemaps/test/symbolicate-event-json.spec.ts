// symbolicateEventJson (the enrichment consumer's form) against symbolicateEvent (the message
// form) on a real V8 stack of a real esbuild bundle: the same event in canonical JSON must come
// out as the canonical JSON of the message form's result, and shared frames must be reused only
// under the same in_app rules.
import { toJson } from '@bufbuild/protobuf';
import { FrameSymbolicationSchema, SentryEventSchema } from '@faultline/contracts';
import { MapCache, MemoryArtifactSource, sharedStackFrameJsonBytes, symbolicateEvent, symbolicateEventJson, type SentryEventJson } from '../src/index.js';
import { buildApp, crashStack, eventFor, injectDebugId, type BuiltApp } from './build-fixture.js';

const DEBUG_ID = '5e3a1c2b-9f4d-4e6a-8b7c-0d1e2f3a4b5c';
let app: BuiltApp;

beforeAll(async () => {
  app = await buildApp();
});

function source(files: BuiltApp, debugId?: string): MemoryArtifactSource {
  const s = new MemoryArtifactSource();
  s.add({ projectId: 'p1', release: '1.0', url: '~/assets/app.min.js', kind: 'minified_source', content: files.code });
  s.add({ projectId: 'p1', release: '1.0', url: '~/assets/app.min.js.map', kind: 'source_map', content: files.map, debugId });
  return s;
}

describe('symbolicateEventJson', () => {
  it('gives the canonical JSON of what symbolicateEvent gives (release lookup, then debug id)', async () => {
    const injected = injectDebugId(app, DEBUG_ID);
    const cases: [BuiltApp, { release?: string; debugId?: string }][] = [
      [app, { release: '1.0' }],
      [injected, { debugId: DEBUG_ID }],
      [app, {}],
    ];
    for (const [files, fields] of cases) {
      const event = eventFor(crashStack(files.code), fields);
      const ctx = { projectId: 'p1', source: source(files, fields.debugId), cache: new MapCache() };
      const message = await symbolicateEvent(event, ctx);
      // Twice: the second time the mapped frames are the shared ones.
      for (let round = 0; round < 2; round++) {
        const json = await symbolicateEventJson(toJson(SentryEventSchema, event) as SentryEventJson, ctx);
        expect(JSON.stringify(json.event)).toBe(JSON.stringify(toJson(SentryEventSchema, message.event)));
        expect(JSON.stringify(json.frames)).toBe(JSON.stringify(message.frames.map((f) => toJson(FrameSymbolicationSchema, f))));
        expect(json.results).toEqual(message.results);
      }
    }
  });

  it('shares mapped frames between events with equal in_app rules, not across different ones', async () => {
    const event = toJson(SentryEventSchema, eventFor(crashStack(app.code), { release: '1.0' })) as SentryEventJson;
    const src = source(app);
    const cache = new MapCache();
    const first = await symbolicateEventJson(event, { projectId: 'p1', source: src, cache, inAppExclude: [/cart/] });
    const again = await symbolicateEventJson(event, { projectId: 'p1', source: src, cache, inAppExclude: [/cart/] });
    const frames = (e: SentryEventJson) => e.exception!.values![0]!.stacktrace!.frames!;
    const top = frames(first.event).at(-1)!;
    expect(top.filename).toBe('/fixtures/app/format.ts');
    expect(sharedStackFrameJsonBytes(top)).toBeDefined();
    expect(frames(again.event).at(-1)).toBe(top);
    expect(frames(first.event).filter((f) => f.filename === '/fixtures/app/cart.ts').every((f) => f.in_app === false)).toBe(true);
    const other = await symbolicateEventJson(event, { projectId: 'p1', source: src, cache });
    expect(frames(other.event).filter((f) => f.filename === '/fixtures/app/cart.ts').every((f) => f.in_app === true)).toBe(true);
  });

  it('does not share frames with vars, and leaves the raw frame unchanged', async () => {
    const event = toJson(SentryEventSchema, eventFor(crashStack(app.code), { release: '1.0' })) as SentryEventJson;
    const raw = event.exception!.values![0]!.stacktrace!.frames!;
    raw[raw.length - 1] = { ...raw.at(-1)!, vars: { password: 'x' } };
    const out = await symbolicateEventJson(event, { projectId: 'p1', source: source(app), cache: new MapCache() });
    const top = out.event.exception!.values![0]!.stacktrace!.frames!.at(-1)!;
    expect(top.vars).toEqual({ password: 'x' });
    expect(top.vars).not.toBe(raw.at(-1)!.vars);
    expect(sharedStackFrameJsonBytes(top)).toBeUndefined();
    expect(out.frames.at(-1)!.raw_frame).toBe(raw.at(-1));
  });
});
