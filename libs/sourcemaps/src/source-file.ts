// Context lines for maps without `sourcesContent`: the original source may have been uploaded as
// its own release file (sentry-cli `--include-sources` style), under the source's URL.
import type { Artifact } from './artifact-source.js';
import { candidateUrls } from './candidate-urls.js';
import { functionScopes, readsJsx, type FunctionScopes } from './function-scopes.js';
import type { LocateContext } from './locate-map.js';

/** The original source uploaded for the release under `absPath`, if any. */
async function uploadedSource(absPath: string, ctx: LocateContext): Promise<Artifact | undefined> {
  if (!ctx.release) return undefined;
  for (const url of candidateUrls(absPath)) {
    const art = await ctx.source.byUrl(ctx.projectId, ctx.release, ctx.dist, url);
    if (art) return art;
  }
  return undefined;
}

/** The lines of an uploaded source, split once and cached. */
function sourceLines(found: Artifact, ctx: LocateContext): Promise<string[]> {
  return ctx.cache.get(`src:${found.key}`, async () => {
    const bytes = await found.load();
    const lines = new TextDecoder().decode(bytes).split(/\r\n|\r|\n/);
    return { value: lines, bytes: bytes.byteLength * 2 };
  });
}

/** Lines of the original source uploaded for the release under `absPath`, if any. */
export async function uploadedSourceLines(absPath: string, ctx: LocateContext): Promise<string[] | undefined> {
  const found = await uploadedSource(absPath, ctx);
  return found && sourceLines(found, ctx);
}

/** The functions of the original source uploaded under `absPath` (function-scopes.ts), if any; found once per upload. */
export async function uploadedSourceScopes(absPath: string, ctx: LocateContext): Promise<FunctionScopes | undefined> {
  const found = await uploadedSource(absPath, ctx);
  if (!found) return undefined;
  const lines = await sourceLines(found, ctx);
  return ctx.cache.get(`scopes:${found.key}`, async () => {
    const scopes = functionScopes(lines.join('\n'), readsJsx(absPath));
    return { value: scopes, bytes: 32 * scopes.starts.length + 64 };
  });
}
