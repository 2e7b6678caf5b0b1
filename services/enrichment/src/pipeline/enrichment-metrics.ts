// Metrics of the enrichment consumer: per-frame symbolication results, events, and the map cache.
import { counter, gauge } from '@faultline/platform-metrics';
import { FRAME_RESULTS, type FrameResult, type MapCache } from '@faultline/sourcemaps';
import type { Counter, Registry } from 'prom-client';

/** The counter children of one project, looked up once instead of per frame. */
interface ProjectCounters {
  frames: Map<FrameResult, { inc(n?: number): void }>;
  events: { inc(n?: number): void };
  pii: Map<string, { inc(n?: number): void }>;
}

/** Counters and gauges of enrichment. */
export class EnrichmentMetrics {
  private readonly projects = new Map<string, ProjectCounters>();

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
    this.countersOf(project);
  }

  /** Counts one enriched event of `project`: its frames by result and its PII changes by rule. */
  countEvent(project: string, results: readonly FrameResult[], pii: readonly { rule?: string }[]): void {
    const counters = this.countersOf(project);
    let run = 0;
    for (let i = 0; i < results.length; i++) {
      run++;
      // Frames of one event mostly share a result: one increment per run of equal results.
      if (i + 1 === results.length || results[i + 1] !== results[i]) {
        counters.frames.get(results[i]!)!.inc(run);
        run = 0;
      }
    }
    counters.events.inc();
    for (const change of pii) {
      const rule = change.rule ?? '';
      let child = counters.pii.get(rule);
      if (!child) {
        child = this.piiChanges.labels({ project, rule });
        counters.pii.set(rule, child);
      }
      child.inc();
    }
  }

  private countersOf(project: string): ProjectCounters {
    let counters = this.projects.get(project);
    if (!counters) {
      const frames = new Map<FrameResult, { inc(n?: number): void }>();
      for (const result of FRAME_RESULTS) {
        const child = this.frames.labels({ project, result });
        child.inc(0);
        frames.set(result, child);
      }
      counters = { frames, events: this.events.labels({ project }), pii: new Map() };
      this.projects.set(project, counters);
    }
    return counters;
  }
}
