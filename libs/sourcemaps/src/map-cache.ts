// In-memory cache of decoded source maps (and the small facts read from minified files), bounded
// by an estimate of the bytes it holds. A busy page produces thousands of frames against the same
// few maps, so the decoded form is kept; the budget keeps one huge or many old releases from
// exhausting the enrichment process (ARCHITECTURE.md invariant 4: bounded everything).

/** Default byte budget: 256 MiB (issue 4). */
export const DEFAULT_MAP_CACHE_BYTES = 256 * 1024 * 1024;

/** A cached value and what it is charged against the budget. */
export interface Sized<T> {
  value: T;
  bytes: number;
}

/** Counters a service exports as metrics (`faultline_sourcemap_cache_*`). */
export interface MapCacheStats {
  hits: number;
  misses: number;
  evictions: number;
  /** Bytes currently charged. */
  bytes: number;
  entries: number;
  /** Loads that were joined by a concurrent request instead of starting their own. */
  sharedLoads: number;
}

/** Construction options of `MapCache`. */
export interface MapCacheOptions {
  /** Byte budget; least recently used entries are evicted past it. */
  maxBytes?: number;
  /** Called after each change of the counters, so a service can mirror them into gauges. */
  onStats?: (stats: Readonly<MapCacheStats>) => void;
}

/** LRU cache with a byte budget and single-flight loading. */
export class MapCache {
  /** The budget in bytes. */
  readonly maxBytes: number;
  private readonly entries = new Map<string, Sized<unknown>>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly counters: MapCacheStats = { hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0, sharedLoads: 0 };
  private readonly onStats?: (stats: Readonly<MapCacheStats>) => void;

  constructor(options: MapCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAP_CACHE_BYTES;
    this.onStats = options.onStats;
  }

  /**
   * The value under `key`, loading it with `load` on a miss. Concurrent calls for one key share a
   * single load; a rejected load is not cached, so the next call tries again.
   */
  async get<T>(key: string, load: () => Promise<Sized<T>>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserting moves the key to the end of the Map's order, which is the LRU order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.counters.hits++;
      this.emit();
      return hit.value as T;
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.counters.sharedLoads++;
      this.counters.hits++;
      this.emit();
      return pending as Promise<T>;
    }
    this.counters.misses++;
    const promise = load().then(
      (sized) => {
        this.inflight.delete(key);
        this.store(key, sized);
        return sized.value;
      },
      (err: unknown) => {
        this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, promise);
    this.emit();
    return promise;
  }

  /** Whether `key` is cached (not counted as a hit). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** A snapshot of the counters. */
  stats(): MapCacheStats {
    return { ...this.counters };
  }

  private store(key: string, sized: Sized<unknown>): void {
    // An entry larger than the whole budget is served to its callers but never kept.
    if (sized.bytes > this.maxBytes) {
      this.emit();
      return;
    }
    this.entries.set(key, sized);
    this.counters.bytes += sized.bytes;
    while (this.counters.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      const entry = this.entries.get(oldest)!;
      this.entries.delete(oldest);
      this.counters.bytes -= entry.bytes;
      this.counters.evictions++;
    }
    this.counters.entries = this.entries.size;
    this.emit();
  }

  private emit(): void {
    this.onStats?.(this.counters);
  }
}
