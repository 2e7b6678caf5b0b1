// Grouping configurations are versioned by date, like Sentry's: a new algorithm is a new config, and an
// event is hashed under the current one and its predecessor so that a group keeps every hash that ever
// pointed to it and a config upgrade attaches to existing groups instead of splitting them.
import type { ParameterizeOptions } from './normalize/parameterize.js';

/** One grouping configuration: the switches its algorithm reads. */
export interface GroupingConfig {
  /** `js:<date it took effect>`. */
  id: string;
  /** What changed against the previous config. */
  description: string;
  /** Which values messages lose (see parameterize). */
  parameterize: ParameterizeOptions;
  /** The config events were hashed with before this one, hashed too so old groups still match. */
  previous?: string;
  /**
   * Frames enrichment named after the function around them in the original source
   * (`FrameSymbolication.scope_name`) are grouped by that name; without it, by the name they had
   * before scope names existed (`FingerprintOptions.unscopedNames`).
   */
  scopeNames?: boolean;
}

/** Every config that ever existed, oldest first; never remove one, stored group hashes refer to it. */
export const GROUPING_CONFIGS: Readonly<Record<string, GroupingConfig>> = Object.freeze({
  'js:2026-11-01': {
    id: 'js:2026-11-01',
    description: 'First JavaScript config: type + in-app frames; messages lose numbers, hex, uuids, hashes, emails, urls, ips and dates.',
    parameterize: { quoted: false },
  },
  'js:2026-12-01': {
    id: 'js:2026-12-01',
    description: "Also parameterises quoted strings in messages ('user_123' → <quoted>).",
    parameterize: { quoted: true },
    previous: 'js:2026-11-01',
  },
  'js:2026-12-15': {
    id: 'js:2026-12-15',
    description: 'Frames that no call site names are grouped by the name of the function around them in the original source (scope names), not by their minified name.',
    parameterize: { quoted: true },
    previous: 'js:2026-12-01',
    scopeNames: true,
  },
});

/** The config new projects and events use. */
export const CURRENT_CONFIG = 'js:2026-12-15';

/** Looks a config up by id; throws on an unknown id (a typo must not silently regroup a project). */
export function getConfig(id: string = CURRENT_CONFIG): GroupingConfig {
  const c = GROUPING_CONFIGS[id];
  if (!c) throw new Error(`unknown grouping config "${id}" (known: ${Object.keys(GROUPING_CONFIGS).join(', ')})`);
  return c;
}
