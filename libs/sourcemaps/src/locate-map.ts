// Finding the source map of one minified file, in issue 4's order: the debug id from
// `debug_meta`, then release + dist + the frame URL's candidate forms (the minified file, then the
// map it names by header or comment), then the minified file's own `//# debugId=` comment.
import { SourceMapLookup } from '@faultline/contracts';
import type { Artifact, ArtifactSource } from './artifact-source.js';
import { candidateUrls } from './candidate-urls.js';
import type { FrameResult } from './failure-reason.js';
import { loadMap, type LoadedMap } from './loaded-map.js';
import type { MapCache } from './map-cache.js';
import { debugIdOf, decodeDataUrl, resolveReference, sourceMappingUrl } from './source-comments.js';

/** What map lookups need from the event and the service. */
export interface LocateContext {
  projectId: string;
  release?: string;
  dist?: string;
  source: ArtifactSource;
  cache: MapCache;
  /** Maps larger than this are not parsed (`sourcemap_too_large`). */
  maxMapBytes: number;
}

/** Where a map was found, or why none could be used. */
export type Located =
  | { ok: true; map: LoadedMap; lookup: SourceMapLookup; debugId?: string; sourceMap: string; baseUrl: string }
  | { ok: false; result: FrameResult; explanation: string; lookup: SourceMapLookup; debugId?: string; sourceMap?: string };

/** Facts read from a minified file, cached so it is read once. */
interface MinifiedInfo {
  mappingUrl?: string;
  debugId?: string;
}

/** Finds and loads the map for a frame at `absPath`; `debugId` comes from `debug_meta.images`. */
export async function locateMap(absPath: string, debugId: string | undefined, ctx: LocateContext): Promise<Located> {
  if (debugId) {
    const art = await ctx.source.byDebugId(ctx.projectId, debugId, 'source_map');
    if (art) return load(art, SourceMapLookup.DEBUG_ID, debugId, absoluteBase(art.url, absPath), ctx);
  }
  const missing = (why: string): Located =>
    debugId
      ? { ok: false, result: 'no_debug_id_match', explanation: `no source map with debug id ${debugId} was uploaded, and ${why}`, lookup: SourceMapLookup.UNSPECIFIED, debugId }
      : { ok: false, result: 'no_release_artifact', explanation: `the file has no debug id, and ${why}`, lookup: SourceMapLookup.UNSPECIFIED };
  if (!ctx.release) return missing('the event has no release to look its URL up in');
  const minified = await byCandidates(absPath, ctx);
  if (!minified) {
    return missing(`release ${ctx.release}${ctx.dist ? ` dist ${ctx.dist}` : ''} has no file at ${candidateUrls(absPath).join(', ')}`);
  }

  const headerRef = minified.headers?.['sourcemap'] ?? minified.headers?.['x-sourcemap'];
  const info = headerRef === undefined ? await minifiedInfo(minified, ctx.cache) : undefined;
  const reference = headerRef ?? info?.mappingUrl;
  if (reference !== undefined) {
    const data = reference.startsWith('data:') ? decodeDataUrl(reference) : undefined;
    if (data) {
      const art: Artifact = { key: `${minified.key}#data`, load: async () => data };
      return load(art, SourceMapLookup.DATA_URL, undefined, absPath, ctx, 'embedded data: URL');
    }
    const mapUrl = resolveReference(reference, absPath);
    const art = await byCandidates(mapUrl, ctx);
    if (art) return load(art, SourceMapLookup.RELEASE_URL, undefined, absoluteBase(mapUrl, absPath), ctx, mapUrl);
  }
  const ownId = info?.debugId ?? (headerRef !== undefined ? (await minifiedInfo(minified, ctx.cache)).debugId : undefined);
  if (ownId) {
    const art = await ctx.source.byDebugId(ctx.projectId, ownId, 'source_map');
    if (art) return load(art, SourceMapLookup.DEBUG_ID, ownId, absoluteBase(art.url, absPath), ctx);
  }
  const where = minified.url ?? absPath;
  const explanation =
    reference !== undefined
      ? `minified file ${where} names the source map ${resolveReference(reference, absPath)}, which was not uploaded for release ${ctx.release}`
      : `minified file ${where} names no source map (no sourcemap header, sourceMappingURL comment or debug id)`;
  return { ok: false, result: 'missing_sourcemap', explanation, lookup: SourceMapLookup.UNSPECIFIED, debugId: debugId ?? ownId };
}

async function load(art: Artifact, lookup: SourceMapLookup, debugId: string | undefined, baseUrl: string, ctx: LocateContext, label?: string): Promise<Located> {
  const sourceMap = label ?? art.url ?? art.key;
  const loaded = await loadMap(ctx.cache, art.key, () => art.load(), ctx.maxMapBytes);
  if (!loaded.ok) {
    const result: FrameResult = loaded.tooLarge ? 'sourcemap_too_large' : 'map_parse_error';
    const explanation = loaded.tooLarge ? `source map ${sourceMap} was not loaded: ${loaded.error}` : `source map ${sourceMap} could not be parsed: ${loaded.error}`;
    return { ok: false, result, explanation, lookup, debugId, sourceMap };
  }
  return { ok: true, map: loaded.map, lookup, debugId, sourceMap, baseUrl };
}

/** The first artifact of the release uploaded under one of the candidate forms of `url`. */
async function byCandidates(url: string, ctx: LocateContext): Promise<Artifact | undefined> {
  for (const candidate of candidateUrls(url)) {
    const art = await ctx.source.byUrl(ctx.projectId, ctx.release!, ctx.dist, candidate);
    if (art) return art;
  }
  return undefined;
}

function minifiedInfo(art: Artifact, cache: MapCache): Promise<MinifiedInfo> {
  return cache.get(`min:${art.key}`, async () => {
    const text = new TextDecoder().decode(await art.load());
    const info: MinifiedInfo = { mappingUrl: sourceMappingUrl(text), debugId: art.debugId ?? debugIdOf(text) };
    // A data: URL map is kept in the info so the minified file need not be read again.
    return { value: info, bytes: 128 + (info.mappingUrl?.length ?? 0) * 2 };
  });
}

/** A `~/path` URL made absolute with the frame's origin, so original sources get real URLs. */
function absoluteBase(url: string | undefined, absPath: string): string {
  if (!url) return absPath;
  if (!url.startsWith('~/')) return url;
  const origin = /^([a-z][-a-z0-9+.]*:\/\/[^/?#]*)/i.exec(absPath)?.[1];
  return origin ? origin + url.slice(1) : url;
}
