// The stack of the clustering benchmark's synthetic bugs, shared with the tests that check the
// clustering fast paths on "events like the benchmark's" (so both keep describing the same load).

/** One frame as the enriched event carries it (init shape of SentryFrame). */
export interface SyntheticFrame {
  filename: string;
  function: string;
  module: string;
  lineno: number;
  colno: number;
  inApp: boolean;
}

/**
 * `count` in-app frames of bug `f`: hashed chunk names, `Module.` function prefixes and per-bug
 * modules, so every bug has its own fingerprint and the normaliser has real work to do.
 */
export function syntheticFrames(f: number, count = 25): SyntheticFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    filename: `https://shop.example.com/static/js/chunk-${f % 97}.${(f * 31 + i).toString(16)}a1c.js`,
    function: `Module.handler${f}_${i}`,
    module: `src/features/area${f % 50}/component${f}_${i}`,
    lineno: 100 + i,
    colno: 17 + i,
    inApp: true,
  }));
}
