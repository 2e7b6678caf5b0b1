// A real minified bundle with its source map for the benchmarks: zod, rxjs and @bufbuild/protobuf
// bundled and minified by esbuild in the run (≈ 0.6 MB of code, ≈ 2.9 MB of map), and positions of
// real mapped segments spread over it, so benchmark frames resolve as production frames do.
import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping';
import * as esbuild from 'esbuild';

/** Builds the bundle; `code` ends with a `sourceMappingURL` comment naming `<name>.map`. */
export async function buildVendorBundle(name = 'vendor.min.js'): Promise<{ code: string; map: string }> {
  const result = await esbuild.build({
    stdin: { contents: "import * as z from 'zod'; import * as rx from 'rxjs'; import * as pb from '@bufbuild/protobuf'; Object.assign(globalThis, { z, rx, pb });", resolveDir: process.cwd() },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    sourcemap: 'external',
    sourcesContent: true,
    write: false,
    outfile: name,
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text + `\n//# sourceMappingURL=${name}.map\n`;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!.text;
  return { code, map };
}

/** `count` positions (1-based line, 1-based column) of real mapped segments spread over the bundle. */
export function mappedPositions(map: string, count: number): { lineno: number; colno: number }[] {
  const decoded = decodedMappings(new TraceMap(map));
  const all: { lineno: number; colno: number }[] = [];
  decoded.forEach((line, i) => line.forEach((seg) => seg.length >= 4 && all.push({ lineno: i + 1, colno: seg[0] + 1 })));
  const step = Math.max(1, Math.floor(all.length / count));
  return Array.from({ length: count }, (_, i) => all[(i * step + (i % 7)) % all.length]!);
}
