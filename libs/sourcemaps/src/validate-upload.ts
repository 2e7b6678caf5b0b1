// Checking an upload before it is accepted, so a map that can never apply is reported to the
// person uploading it instead of being discovered, silently, when the first error arrives (issue 4).
import { candidateUrls } from './candidate-urls.js';
import { parseMap } from './loaded-map.js';
import { debugIdOf, decodeDataUrl, normalizeDebugId, resolveReference, sourceMappingUrl } from './source-comments.js';

/** One file of an upload (artifact bundle entry or release file). */
export interface UploadFile {
  /** URL it is uploaded under (`~/path` or a full URL). */
  url: string;
  content: Uint8Array;
  /** Manifest type when known; `source` files (original sources) are not checked. */
  type?: 'source' | 'minified_source' | 'source_map' | 'indexed_ram_bundle';
  /** Lower-cased headers (`sourcemap`, `x-sourcemap`, `debug-id`). */
  headers?: Record<string, string>;
}

/** What is wrong with an upload. */
export type UploadProblemKind = 'map_parse_error' | 'missing_sourcemap' | 'no_sourcemap_reference' | 'debug_id_mismatch';

/** One problem of an upload, for the upload response. */
export interface UploadProblem {
  url: string;
  kind: UploadProblemKind;
  message: string;
}

/** Lists problems of an upload: unparseable maps, and minified files whose map is not in it. */
export function validateUpload(files: readonly UploadFile[]): UploadProblem[] {
  const problems: UploadProblem[] = [];
  const maps = new Map<string, string | undefined>(); // every candidate form of a map URL → its debug id
  const mapDebugIds = new Set<string>();
  for (const file of files) {
    if (kindOf(file) !== 'source_map') continue;
    const parsed = parseMap(file.content);
    if (!parsed.ok) {
      problems.push({ url: file.url, kind: 'map_parse_error', message: `source map ${file.url} does not parse: ${parsed.error}` });
      continue;
    }
    const id = file.headers?.['debug-id'] ? normalizeDebugId(file.headers['debug-id']) : parsed.map.debugId && normalizeDebugId(parsed.map.debugId);
    if (id) mapDebugIds.add(id);
    for (const url of candidateUrls(file.url)) maps.set(url, id);
  }
  for (const file of files) {
    if (kindOf(file) !== 'minified_source') continue;
    const text = new TextDecoder().decode(file.content);
    const reference = file.headers?.['sourcemap'] ?? file.headers?.['x-sourcemap'] ?? sourceMappingUrl(text);
    const headerId = file.headers?.['debug-id'];
    const debugId = headerId ? normalizeDebugId(headerId) : debugIdOf(text);
    const problem = checkMinified(file.url, reference, debugId, maps, mapDebugIds);
    if (problem) problems.push(problem);
  }
  return problems;
}

function checkMinified(url: string, reference: string | undefined, debugId: string | undefined, maps: Map<string, string | undefined>, mapDebugIds: Set<string>): UploadProblem | undefined {
  if (reference?.startsWith('data:')) {
    const parsed = parseMap(decodeDataUrl(reference) ?? new Uint8Array());
    return parsed.ok ? undefined : { url, kind: 'map_parse_error', message: `the inline source map of ${url} does not parse: ${parsed.error}` };
  }
  const byId = debugId !== undefined && mapDebugIds.has(debugId);
  if (reference !== undefined) {
    const mapUrl = resolveReference(reference, url);
    const hit = candidateUrls(mapUrl).find((c) => maps.has(c));
    if (hit !== undefined) {
      const mapId = maps.get(hit);
      if (debugId && mapId && mapId !== debugId) {
        return { url, kind: 'debug_id_mismatch', message: `${url} has debug id ${debugId} but its source map ${mapUrl} has ${mapId}` };
      }
      return undefined;
    }
    if (byId) return undefined;
    return { url, kind: 'missing_sourcemap', message: `${url} names the source map ${mapUrl}, which is not in this upload` };
  }
  if (debugId !== undefined) {
    return byId ? undefined : { url, kind: 'missing_sourcemap', message: `${url} has debug id ${debugId} but no source map in this upload carries it` };
  }
  return { url, kind: 'no_sourcemap_reference', message: `${url} names no source map (no sourceMappingURL comment, sourcemap header or debug id)` };
}

/** A file's kind: the manifest type when given, else guessed from the URL. */
function kindOf(file: UploadFile): UploadFile['type'] {
  if (file.type) return file.type;
  const path = file.url.replace(/[?#].*$/, '');
  if (path.endsWith('.map')) return 'source_map';
  if (/\.(?:m|c)?js$/.test(path)) return 'minified_source';
  return 'source';
}
