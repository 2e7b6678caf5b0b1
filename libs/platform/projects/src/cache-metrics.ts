// Metrics of the project-key cache, so a stale cache (database down, refresh failing)
// shows on a dashboard before anyone wonders why a new key is refused.
import { counter, gauge } from '@faultline/platform-metrics';
import type { Counter, Gauge, Registry } from 'prom-client';

/** The metrics one ProjectKeyCache updates. */
export interface CacheMetrics {
  keys: Gauge;
  refreshes: Counter<'result'>;
  age: Gauge;
}

/**
 * Registers (or reuses) the cache metrics in `registry`. `ageSeconds` is read at scrape
 * time; with several caches in one registry the first one's age is reported, which is
 * why a service keeps one cache.
 */
export function cacheMetrics(registry: Registry, ageSeconds: () => number | undefined): CacheMetrics {
  return {
    keys: gauge(registry, { name: 'faultline_project_cache_keys', help: 'Public keys in the ingest project-key cache (revoked ones included).' }),
    refreshes: counter(registry, {
      name: 'faultline_project_cache_refreshes_total',
      help: 'Refreshes of the project-key cache from PostgreSQL, by result (success, failure).',
      labelNames: ['result'],
    }),
    age: gauge(registry, {
      name: 'faultline_project_cache_age_seconds',
      help: 'Seconds since the project-key cache last loaded successfully.',
      collect() {
        const age = ageSeconds();
        if (age !== undefined) this.set(age);
      },
    }),
  };
}
