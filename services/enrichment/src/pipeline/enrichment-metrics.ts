// Metrics of the enrichment consumer: per-frame symbolication results, events, and the map cache.
import { counter, gauge } from '@faultline/platform-metrics';
import { FRAME_RESULTS, type MapCache } from '@faultline/sourcemaps';
import type { Counter, Registry } from 'prom-client';

/** Counters and gauges of enrichment. */
export class EnrichmentMetrics {
  /** `faultline_sourcemap_frames_total{project,result}`: one per exception frame. */
  readonly frames: Counter<'project' | 'result'>;
  readonly events: Counter<'project'>;
  readonly piiChanges: Counter<'project' | 'rule'>;
  readonly indexQueries: Counter<never>;

  constructor(registry: Registry, cache: MapCache) {
    this.frames = counter(registry, {
      name: 'faultline_sourcemap_frames_total',
      help: 'Exception frames seen by enrichment, by project and result (applied, or why a frame stayed minified).',
      labelNames: ['project', 'result'],
    });
    this.events = counter(registry, { name: 'faultline_enrichment_events_total', help: 'Events enriched and published to events.enriched.', labelNames: ['project'] });
    this.piiChanges = counter(registry, { name: 'faultline_pii_scrubbed_total', help: 'Values changed by PII scrubbing, by project and rule.', labelNames: ['project', 'rule'] });
    this.indexQueries = counter(registry, { name: 'faultline_sourcemap_index_queries_total', help: 'Artifact index lookups that reached PostgreSQL (cache misses of the lookup TTL cache).' });
    const stat = (name: string, help: string, read: () => number) =>
      gauge(registry, {
        name,
        help,
        collect() {
          this.set(read());
        },
      });
    stat('faultline_sourcemap_cache_bytes', 'Bytes charged to the decoded source-map cache (ENRICHMENT_MAP_CACHE_BYTES is the budget).', () => cache.stats().bytes);
    stat('faultline_sourcemap_cache_entries', 'Entries in the decoded source-map cache.', () => cache.stats().entries);
    stat('faultline_sourcemap_cache_hits', 'Decoded source-map cache hits since start.', () => cache.stats().hits);
    stat('faultline_sourcemap_cache_misses', 'Decoded source-map cache misses (loads) since start.', () => cache.stats().misses);
    stat('faultline_sourcemap_cache_evictions', 'Entries evicted from the decoded source-map cache past its byte budget since start.', () => cache.stats().evictions);
    stat('faultline_sourcemap_cache_shared_loads', 'Map loads joined by a concurrent request instead of fetching again, since start.', () => cache.stats().sharedLoads);
  }

  /** Pre-creates the frame series of a project so dashboards see zeros. */
  touchProject(project: string): void {
    for (const result of FRAME_RESULTS) this.frames.inc({ project, result }, 0);
  }
}
