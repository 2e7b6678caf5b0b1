// One enriched event's way through clustering: prepare (fingerprint, row values, the raw event
// gzip'd as a pack member), wait for its batch; the batch PUTs one pack of raw events per
// project, then commits the rows (which point into the packs), then publishes the activities.
// The handler awaits all of it, so the message is acked only once its effects are durable.
import { IssueActivitySchema, subjectFor, type EnrichedEvent } from '@faultline/contracts';
import { FingerprintCache } from '@faultline/grouping';
import type { JetStreamPublisher } from '@faultline/platform-messaging';
import type { ObjectStorage } from '@faultline/platform-storage';
import { buildPacks, gzipMember, PACK_CONTENT_TYPE } from './event-pack.js';
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
  /** zlib level of each event's gzip member (1 = fastest). */
  objectGzipLevel?: number;
  /** Distinct stacks in the fingerprint cache (0 = off; default 4,096). */
  fingerprintCacheSize?: number;
}

/** Called after a batch committed and its activities were published (tests use it to simulate a crash before the ack). */
export type AfterCommitHook = (stored: StoredEvent[]) => void | Promise<void>;

/** The per-replica pipeline. */
export class ClusteringPipeline {
  private readonly batcher: Batcher<PreparedEvent, StoredEvent>;
  private readonly objectLimiter: Limiter;
  private readonly fingerprints: FingerprintCache;
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
    this.fingerprints = new FingerprintCache({ maxEntries: options.fingerprintCacheSize ?? 4_096 });
    this.batcher = new Batcher(
      { maxItems: options.maxBatchEvents, maxWaitMs: options.maxBatchWaitMs, parallel: options.batchParallel ?? 2 },
      (events) => this.flush(events),
      (_size, reason) => metrics.batches.inc({ reason }),
    );
  }

  /**
   * Handles one event; resolves when it is stored and its activity published. Rejects with
   * InvalidEventError for bad input. It consumes `enriched`: once the event is prepared, its
   * `event` and `enrichment` parts are dropped, so that the decoded contract (which the transport
   * keeps referenced while the handler runs) dies young instead of waiting for the batch.
   */
  handle(enriched: EnrichedEvent, body: Uint8Array, inputs: GroupingInputs, traceparent?: string): Promise<StoredEvent> {
    let event: PreparedEvent;
    try {
      event = prepareEvent(enriched, inputs, this.fingerprints, (outcome) => this.metrics.fingerprintCache.inc({ result: outcome }));
      event.traceparent = traceparent;
      // Compressed now, so the batch holds about a KB per event rather than the body.
      if (this.storesObjects()) event.member = gzipMember(body, this.options.objectGzipLevel ?? 1);
    } catch (error) {
      return Promise.reject(error);
    } finally {
      enriched.event = undefined;
      enriched.enrichment = undefined;
    }
    return this.enqueue(event);
  }

  /** Waits for the event's batch (it holds only the prepared event). */
  private async enqueue(event: PreparedEvent): Promise<StoredEvent> {
    this.metrics.batchPending.inc();
    try {
      return await this.batcher.add(event);
    } finally {
      this.metrics.batchPending.dec();
    }
  }

  private storesObjects(): boolean {
    return this.options.storeObjects && this.storage !== undefined;
  }

  private async flush(events: PreparedEvent[]): Promise<StoredEvent[]> {
    const end = this.metrics.batchSeconds.startTimer();
    try {
      const packs = this.storesObjects() ? await this.storePacks(events) : [];
      const stored = await this.writer.write(events);
      if (packs.length > 0) await this.removeUnreferenced(packs, stored);
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

  /**
   * PUTs one pack per project and points each event at its member; a failed PUT fails the batch
   * (it is redelivered). Events stored before (a redelivery) are left out: their row points elsewhere.
   */
  private async storePacks(events: PreparedEvent[]): Promise<string[]> {
    const stored = await this.writer.storedAlready(events);
    const withMember = events.filter((e): e is PreparedEvent & { member: Buffer } => e.member !== null && !stored.has(`${e.projectId}/${e.eventId}`));
    const { packs, placed } = buildPacks(withMember);
    try {
      await Promise.all(packs.map((p) => this.objectLimiter.run(() => this.storage!.putGzipped(p.key, p.body, { contentType: PACK_CONTENT_TYPE }))));
    } catch (error) {
      this.metrics.objects.inc({ result: 'failed' }, placed.size);
      throw error;
    }
    this.metrics.objects.inc({ result: 'stored' }, placed.size);
    for (const [e, at] of placed) {
      e.objectKey = at.key;
      e.objectOffset = at.offset;
      e.objectLength = at.length;
      // Stored: the batch need not keep the bytes while its transaction runs.
      (e as PreparedEvent).member = null;
    }
    return packs.map((p) => p.key);
  }

  /**
   * A pack none of whose events counted (another replica stored them meanwhile) is referenced by
   * no row: delete it rather than leave it for good. A pack with some such duplicates keeps their
   * (unreferenced) bytes until the pack goes.
   */
  private async removeUnreferenced(packs: string[], stored: StoredEvent[]): Promise<void> {
    const referenced = new Set(stored.filter((s) => s.counted).map((s) => s.event.objectKey));
    const unused = packs.filter((key) => !referenced.has(key));
    await Promise.all(unused.map((key) => this.objectLimiter.run(() => this.storage!.remove(key)).catch(() => undefined)));
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
