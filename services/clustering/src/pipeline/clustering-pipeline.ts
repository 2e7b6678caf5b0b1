// One enriched event's way through clustering: prepare (fingerprint, row values), write the
// raw event to object storage, wait for its batch to commit, then (for the whole batch, after
// the commit) publish the activities. The handler awaits all of it, so the message is acked
// only once its effects are durable.
import { IssueActivitySchema, subjectFor, type EnrichedEvent } from '@faultline/contracts';
import type { JetStreamPublisher } from '@faultline/platform-messaging';
import type { ObjectStorage } from '@faultline/platform-storage';
import type { ClusteringMetrics } from '../clustering-metrics.js';
import { eventActivity, eventActivityId } from './activity.js';
import { Batcher } from './batcher.js';
import type { BatchWriter } from './batch-writer.js';
import { Limiter } from './limiter.js';
import { prepareEvent, type GroupingInputs, type PreparedEvent } from './prepared-event.js';
import type { SimilarityService } from './similarity.js';
import type { StoredEvent } from './stored-event.js';

/** Pipeline settings. */
export interface PipelineOptions {
  maxBatchEvents: number;
  maxBatchWaitMs: number;
  batchParallel?: number;
  objectConcurrency: number;
  storeObjects: boolean;
}

/** Called after a batch committed and its activities were published (tests use it to simulate a crash before the ack). */
export type AfterCommitHook = (stored: StoredEvent[]) => void | Promise<void>;

/** The per-replica pipeline. */
export class ClusteringPipeline {
  private readonly batcher: Batcher<PreparedEvent, StoredEvent>;
  private readonly objectLimiter: Limiter;
  afterCommit?: AfterCommitHook;

  constructor(
    private readonly options: PipelineOptions,
    private readonly writer: BatchWriter,
    private readonly storage: ObjectStorage | undefined,
    private readonly publisher: JetStreamPublisher,
    private readonly similarity: SimilarityService,
    private readonly metrics: ClusteringMetrics,
  ) {
    this.objectLimiter = new Limiter(options.objectConcurrency);
    this.batcher = new Batcher(
      { maxItems: options.maxBatchEvents, maxWaitMs: options.maxBatchWaitMs, parallel: options.batchParallel ?? 2 },
      (events) => this.flush(events),
      (_size, reason) => metrics.batches.inc({ reason }),
    );
  }

  /** Handles one event; resolves when it is stored and its activity published. Throws InvalidEventError for bad input. */
  async handle(enriched: EnrichedEvent, body: Uint8Array, inputs: GroupingInputs, traceparent?: string): Promise<StoredEvent> {
    const event = prepareEvent(enriched, body, inputs);
    event.traceparent = traceparent;
    const objectKey = event.objectKey;
    if (this.options.storeObjects && this.storage && objectKey) {
      try {
        await this.objectLimiter.run(() => this.storage!.putGzip(objectKey, Buffer.from(body), { contentType: 'application/json' }));
        this.metrics.objects.inc({ result: 'stored' });
      } catch (error) {
        this.metrics.objects.inc({ result: 'failed' });
        throw error;
      }
    } else {
      event.objectKey = null;
    }
    this.metrics.batchPending.inc();
    try {
      return await this.batcher.add(event);
    } finally {
      this.metrics.batchPending.dec();
    }
  }

  private async flush(events: PreparedEvent[]): Promise<StoredEvent[]> {
    const end = this.metrics.batchSeconds.startTimer();
    try {
      const stored = await this.writer.write(events);
      this.afterWrite(stored);
      await Promise.all(stored.filter((s) => s.publish).map((s) => this.publish(s)));
      if (this.afterCommit) await this.afterCommit(stored);
      end({ result: 'ok' });
      this.metrics.batchSize.observe(events.length);
      return stored;
    } catch (error) {
      end({ result: 'failed' });
      throw error;
    }
  }

  private afterWrite(stored: StoredEvent[]): void {
    for (const s of stored) {
      const project = String(s.event.projectId);
      this.metrics.events.inc({ result: s.counted ? 'stored' : 'duplicate' });
      if (!s.counted) continue;
      if (s.createdGroup) this.metrics.groupsCreated.inc({ project });
      if (s.kind === 'regressed') this.metrics.regressions.inc({ project });
      if (s.similarity !== undefined) this.metrics.similarityAttached.inc({ project });
      // Only events that needed a signature (new hash: similarity lookup or new group) refresh the index.
      const sig = s.event.hasSignature() ? s.event.signature() : undefined;
      if (sig) this.similarity.remember(s.event.projectId, s.event.fp.exceptionType, s.groupId, sig);
    }
  }

  private async publish(s: StoredEvent): Promise<void> {
    const headers = s.event.traceparent ? { traceparent: s.event.traceparent } : undefined;
    const receipt = await this.publisher.publish(subjectFor('issuesActivity', String(s.event.projectId)), IssueActivitySchema, eventActivity(s), {
      msgId: eventActivityId(s),
      headers,
    });
    this.metrics.activities.inc({ kind: s.kind, result: receipt.duplicate ? 'duplicate' : 'stored' });
  }
}
