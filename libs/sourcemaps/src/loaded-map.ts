// Parsing a source map once into the form frames are resolved against. The decoded mappings, the
// source names and the split `sourcesContent` lines are what stays in the cache.
import { AnyMap, decodedMappings, type TraceMap } from '@jridgewell/trace-mapping';
import { functionScopes, readsJsx, type FunctionScopes } from './function-scopes.js';
import type { MapCache } from './map-cache.js';

/** A parsed source map ready for lookups. */
export interface LoadedMap {
  trace: TraceMap;
  /** Source names as written in the map, `sourceRoot` applied, indexed like `sources`. */
  sources: string[];
  names: string[];
  /** `debug_id` / `debugId` of the map, when it carries one. */
  debugId?: string;
  /** Lines of `sourcesContent[index]`, split once on first use. */
  lines(index: number): string[] | undefined;
  /** The functions of `sourcesContent[index]` (function-scopes.ts), found once on first use. */
  scopes(index: number): FunctionScopes | undefined;
}

/** The outcome of loading a map: parsed, unparseable, or over the size limit. */
export type MapLoad = { ok: true; map: LoadedMap } | { ok: false; tooLarge: boolean; error: string };

/**
 * Memory charged per byte of map JSON. The decoded segment arrays and the retained UTF-16
 * `sourcesContent` strings take roughly three times the JSON's size; an estimate is enough for a budget.
 */
export const DECODED_BYTES_PER_BYTE = 3;

/** Loads, parses and caches the map stored under `key` (failures are cached too, so a corrupt map is parsed once). */
export function loadMap(cache: MapCache, key: string, read: () => Promise<Uint8Array>, maxMapBytes: number): Promise<MapLoad> {
  return cache.get<MapLoad>(`map:${key}`, async () => {
    const bytes = await read();
    if (bytes.byteLength > maxMapBytes) {
      return { value: { ok: false, tooLarge: true, error: `the map is ${bytes.byteLength} bytes, over the ${maxMapBytes} byte limit` }, bytes: 64 };
    }
    const parsed = parseMap(bytes);
    return { value: parsed, bytes: parsed.ok ? bytes.byteLength * DECODED_BYTES_PER_BYTE : 256 };
  });
}

/** Parses source map bytes; never throws. */
export function parseMap(bytes: Uint8Array): MapLoad {
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Some servers prefix JSON with an XSSI guard; browsers and Sentry strip it.
    if (text.startsWith(")]}'")) text = text.slice(text.indexOf('\n') + 1);
    const json = JSON.parse(text) as Record<string, unknown>;
    if (typeof json !== 'object' || json === null) throw new Error('not a JSON object');
    if (!Array.isArray(json['sections'])) {
      if (typeof json['mappings'] !== 'string') throw new Error('"mappings" is missing or not a string');
      if (!Array.isArray(json['sources'])) throw new Error('"sources" is missing or not an array');
    }
    const trace = new AnyMap(json as never);
    // Decoding is lazy in trace-mapping; forcing it here makes a broken map fail at load, once.
    decodedMappings(trace);
    const root = trace.sourceRoot ? trace.sourceRoot.replace(/\/?$/, '/') : '';
    const sources = trace.sources.map((s) => (s === null ? '' : root + s));
    const debugId = typeof json['debug_id'] === 'string' ? json['debug_id'] : typeof json['debugId'] === 'string' ? json['debugId'] : undefined;
    const split = new Map<number, string[]>();
    const scoped = new Map<number, FunctionScopes>();
    const map: LoadedMap = {
      trace,
      sources,
      names: trace.names,
      debugId: debugId?.toLowerCase(),
      lines(index) {
        let lines = split.get(index);
        if (!lines) {
          const content = trace.sourcesContent?.[index];
          if (typeof content !== 'string') return undefined;
          lines = content.split(/\r\n|\r|\n/);
          split.set(index, lines);
        }
        return lines;
      },
      scopes(index) {
        let scopes = scoped.get(index);
        if (!scopes) {
          const content = trace.sourcesContent?.[index];
          if (typeof content !== 'string') return undefined;
          scopes = functionScopes(content, readsJsx(sources[index] ?? ''));
          scoped.set(index, scopes);
        }
        return scopes;
      },
    };
    return { ok: true, map };
  } catch (err) {
    return { ok: false, tooLarge: false, error: err instanceof Error ? err.message : String(err) };
  }
}
