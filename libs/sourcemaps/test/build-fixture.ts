// Builds the fixture app with esbuild (bundled, minified, with a source map), runs it in a vm
// context under a script URL to get a real minified V8 stack, and turns that stack into an event.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { parseStack } from '@faultline/envelope';
import { create, SentryEventSchema, StackFrameSchema, type SentryEvent } from '@faultline/contracts';

const here = dirname(fileURLToPath(import.meta.url));

/** The script URL the bundle runs under, as a browser would report it. */
export const SCRIPT_URL = 'https://shop.example.com/assets/app.min.js?v=3';

/** A built bundle: minified code and its map, as text. */
export interface BuiltApp {
  code: string;
  map: string;
}

/** Bundles and minifies the fixture app; `inline` embeds the map as a data: URL. */
export async function buildApp(inline = false): Promise<BuiltApp> {
  const result = await build({
    entryPoints: [join(here, 'fixtures/app/main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    sourcemap: inline ? 'inline' : true,
    sourcesContent: true,
    write: false,
    outfile: join(here, 'out/assets/app.min.js'),
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? '';
  return { code, map };
}

/** Adds a debug id the way `sentry-cli sourcemaps inject` does: a comment in the code, two keys in the map. */
export function injectDebugId(app: BuiltApp, debugId: string): BuiltApp {
  const code = app.code.replace(/(\/\/# sourceMappingURL=)/, `//# debugId=${debugId}\n$1`);
  const map = JSON.parse(app.map) as Record<string, unknown>;
  return { code, map: JSON.stringify({ ...map, debug_id: debugId, debugId }) };
}

/** Runs the bundle under `SCRIPT_URL`, calls startApp and returns the thrown error's stack. */
export function crashStack(code: string): string {
  const context = vm.createContext({});
  new vm.Script(code, { filename: SCRIPT_URL }).runInContext(context);
  const stack = new vm.Script('(() => { try { startApp(); return "no error"; } catch (e) { return e.stack; } })()', {
    filename: 'https://shop.example.com/index.html',
  }).runInContext(context) as string;
  return stack;
}

/** A Sentry event for `stack`, as @sentry/browser or /api/v1/report would produce. */
export function eventFor(stack: string, fields: { release?: string; dist?: string; debugId?: string } = {}): SentryEvent {
  // Only the bundle's and the page's frames: a browser has no test-runner frames below them.
  const frames = parseStack(stack)
    .filter((f) => f.filename?.startsWith('https://shop.example.com/'))
    .map((f) =>
    create(StackFrameSchema, { filename: f.filename ?? '', absPath: f.abs_path ?? '', function: f.function ?? '', lineno: f.lineno ?? 0, colno: f.colno ?? 0, inApp: f.in_app }),
  );
  return create(SentryEventSchema, {
    eventId: '0123456789abcdef0123456789abcdef',
    platform: 'javascript',
    release: fields.release ?? '',
    dist: fields.dist ?? '',
    exception: { values: [{ type: 'RangeError', value: 'negative price', stacktrace: { frames } }] },
    debugMeta: fields.debugId ? { images: [{ type: 'sourcemap', codeFile: SCRIPT_URL, debugId: fields.debugId }] } : undefined,
  });
}
