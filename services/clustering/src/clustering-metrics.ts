// The clustering service's own metrics (the transport adds the per-consumer ones).
import { counter, gauge, histogram } from '@faultline/platform-metrics';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric clustering writes, registered once per registry. */
export class ClusteringMetrics {
  readonly events: Counter<'result'>;
  readonly groupsCreated: Counter<'project'>;
  readonly regressions: Counter<'project'>;
  readonly similarityAttached: Counter<'project'>;
  readonly batches: Counter<'reason'>;
  readonly batchSize: Histogram;
  readonly batchSeconds: Histogram<'result'>;
  readonly batchPending: Gauge;
  readonly fingerprintCache: Counter<'result'>;
  readonly objects: Counter<'result'>;
  readonly activities: Counter<'kind' | 'result'>;
  readonly commands: Counter<'command' | 'result'>;
  readonly retentionDeleted: Counter<'what'>;
  readonly erased: Counter<'what'>;

  constructor(registry: Registry) {
    this.events = counter(registry, {
      name: 'faultline_clustering_events_total',
      help: 'Enriched events handled, by result: stored (counted), duplicate (redelivery, no count changed), invalid (dead-lettered), failed (retried).',
      labelNames: ['result'],
    });
    this.groupsCreated = counter(registry, { name: 'faultline_clustering_groups_created_total', help: 'New groups created.', labelNames: ['project'] });
    this.regressions = counter(registry, { name: 'faultline_clustering_regressions_total', help: 'Resolved groups reopened by a new event.', labelNames: ['project'] });
    this.similarityAttached = counter(registry, {
      name: 'faultline_clustering_similarity_attached_total',
      help: 'Events with a new hash attached to an existing group by frame similarity.',
      labelNames: ['project'],
    });
    this.batches = counter(registry, { name: 'faultline_clustering_batches_total', help: 'Batches sealed, by reason (size = CLUSTERING_BATCH_MAX_EVENTS reached, time = CLUSTERING_BATCH_MAX_WAIT elapsed and a write slot was free).', labelNames: ['reason'] });
    this.batchSize = histogram(registry, { name: 'faultline_clustering_batch_events', help: 'Events per written batch.', buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500] });
    this.batchSeconds = histogram(registry, {
      name: 'faultline_clustering_batch_duration_seconds',
      help: 'Time to write one batch (transaction + activity publishes).',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.batchPending = gauge(registry, { name: 'faultline_clustering_batch_pending_events', help: 'Events waiting for their batch to be written.' });
    this.fingerprintCache = counter(registry, {
      name: 'faultline_clustering_fingerprint_cache_total',
      help: 'Events fingerprinted, by result of the stack cache (CLUSTERING_FINGERPRINT_CACHE_STACKS): hit, miss (computed and cached), bypass (rule, SDK fingerprint, message event or cache off: computed).',
      labelNames: ['result'],
    });
    this.objects = counter(registry, { name: 'faultline_clustering_objects_total', help: 'Raw event objects written to object storage, by result.', labelNames: ['result'] });
    this.activities = counter(registry, {
      name: 'faultline_clustering_activities_total',
      help: 'IssueActivity messages published, by kind and result (stored, duplicate = a re-publish the stream dropped).',
      labelNames: ['kind', 'result'],
    });
    this.commands = counter(registry, { name: 'faultline_clustering_commands_total', help: 'Issue commands applied, by command and result.', labelNames: ['command', 'result'] });
    this.retentionDeleted = counter(registry, { name: 'faultline_clustering_retention_deleted_total', help: 'Rows and objects deleted by the retention job.', labelNames: ['what'] });
    this.erased = counter(registry, { name: 'faultline_clustering_erased_total', help: 'Rows and objects deleted by user erasure.', labelNames: ['what'] });
  }
}
