// Context lines for maps without `sourcesContent`: the original source may have been uploaded as
// its own release file (sentry-cli `--include-sources` style), under the source's URL.
import type { Artifact } from './artifact-source.js';
import { candidateUrls } from './candidate-urls.js';
import type { LocateContext } from './locate-map.js';

/** Lines of the original source uploaded for the release under `absPath`, if any. */
export async function uploadedSourceLines(absPath: string, ctx: LocateContext): Promise<string[] | undefined> {
  if (!ctx.release) return undefined;
  let art: Artifact | undefined;
  for (const url of candidateUrls(absPath)) {
    art = await ctx.source.byUrl(ctx.projectId, ctx.release, ctx.dist, url);
    if (art) break;
  }
  if (!art) return undefined;
  const found = art;
  return ctx.cache.get(`src:${found.key}`, async () => {
    const bytes = await found.load();
    const lines = new TextDecoder().decode(bytes).split(/\r\n|\r|\n/);
    return { value: lines, bytes: bytes.byteLength * 2 };
  });
}
