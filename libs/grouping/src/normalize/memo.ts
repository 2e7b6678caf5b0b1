// Frames repeat across events (same bundles, same functions), so the string normalisers are memoised.
// The cache is bounded: when full it is dropped whole, which is cheaper than LRU bookkeeping per call.

/** Wraps a pure string function with a cache of at most `max` entries. */
export function memoize(fn: (s: string) => string, max = 20_000): (s: string) => string {
  let cache = new Map<string, string>();
  return (s: string) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size >= max) cache = new Map();
      cache.set(s, v);
    }
    return v;
  };
}
