// The path of one event through the gateway (see README.md): authenticate from memory,
// read the body within its limits, parse, rate-limit, filter, publish to JetStream and
// answer 200 only after the PubAck. Every event ends in exactly one counted outcome.
import { DiscardReason, IngestedEventSchema, IngestSource, Outcome, subjectFor, timestampFromDate, type MessageInitShape } from '@faultline/contracts';
import {
  applyInboundFilters,
  formatRateLimits,
  INBOUND_FILTER_REASONS,
  IngestError,
  normalizeEvent,
  parseClientReport,
  parseEnvelope,
  readEnvelopeHeader,
  reportToEvent,
  type NormalizedEvent,
  type SentryEventInit,
} from '@faultline/envelope';
import { JetStreamPublisher, PublishError } from '@faultline/platform-messaging';
import type { ProjectKeyCache } from '@faultline/platform-projects';
import type { Readable } from 'node:stream';
import { readBody } from './body-reader.js';
import type { IngestConfig } from './ingest.config.js';
import { IngestHttpError, invalid, tooLarge, unavailable } from './ingest-error.js';
import type { IngestMetrics } from './outcomes.js';
import { authenticate, fromIngestError, type Sender } from './project-auth.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestContext } from './request-context.js';

/** The body of a successful answer: the event id, or `{}` when the request carried no event. */
export type IngestAnswer = { id: string } | Record<string, never>;


/** Runs requests through the gateway. One instance per process. */
export class IngestPipeline {
  constructor(
    private readonly config: IngestConfig,
    private readonly keys: ProjectKeyCache,
    private readonly limiter: RateLimiter,
    private readonly publisher: JetStreamPublisher,
    private readonly metrics: IngestMetrics,
    private readonly random: () => number = Math.random,
  ) {}

  /** POST /api/<project>/envelope/ */
  async envelope(ctx: RequestContext, body: Readable, contentEncoding: string | undefined): Promise<IngestAnswer> {
    return this.counted(ctx, async () => {
      let sender: Sender | undefined;
      try {
        sender = authenticate(ctx, this.keys);
      } catch (error) {
        // Only envelopes may authenticate with the `dsn` of their header, and only when
        // the request itself carries no credentials.
        if (!(error instanceof IngestHttpError && error.status === 401 && /missing/.test(error.detail))) throw error;
      }
      const raw = await readBody(body, contentEncoding, this.limits());
      let header;
      try {
        header = readEnvelopeHeader(raw);
      } catch (error) {
        throw error instanceof IngestError ? fromIngestError(error) : error;
      }
      sender ??= authenticate(ctx, this.keys, typeof header.dsn === 'string' ? header.dsn : undefined);
      let envelope;
      try {
        envelope = parseEnvelope(raw, { maxItems: this.config.INGEST_MAX_ITEMS, maxItemBytes: this.config.INGEST_MAX_DECOMPRESSED_BYTES });
      } catch (error) {
        throw error instanceof IngestError ? fromIngestError(error) : error;
      }
      let answer: IngestAnswer = {};
      const project = String(sender.project.id);
      if (envelope.items.filter((item) => item.type === 'event').length > 1) {
        throw invalid('an envelope may carry at most one event item', DiscardReason.ENVELOPE_INVALID);
      }
      for (const item of envelope.items) {
        this.metrics.items.inc({ project, type: item.type });
        if (item.type === 'event') {
          if (item.payload.length > this.config.INGEST_MAX_EVENT_BYTES) {
            throw tooLarge(`event item of ${item.payload.length} bytes exceeds ${this.config.INGEST_MAX_EVENT_BYTES}`, DiscardReason.EVENT_TOO_LARGE);
          }
          const json = parseJson(item.payload, 'event item');
          const eventId = typeof header.event_id === 'string' ? header.event_id : undefined;
          const normalized = this.normalize(() => normalizeEvent(json, this.normalizeOptions(ctx, eventId)));
          answer = await this.accept(ctx, sender, normalized, IngestSource.ENVELOPE, typeof header.sent_at === 'string' ? header.sent_at : undefined);
        } else if (item.type === 'client_report') {
          this.countClientReport(project, item.payload);
        }
        // Sessions, transactions, attachments and other known or unknown types are counted
        // above and not forwarded: Faultline tracks errors.
      }
      return answer;
    });
  }

  /** POST /api/<project>/store/ */
  async store(ctx: RequestContext, body: Readable, contentEncoding: string | undefined): Promise<IngestAnswer> {
    return this.counted(ctx, async () => {
      const sender = authenticate(ctx, this.keys);
      const raw = await readBody(body, contentEncoding, this.limits());
      if (raw.length > this.config.INGEST_MAX_EVENT_BYTES) {
        throw tooLarge(`event of ${raw.length} bytes exceeds ${this.config.INGEST_MAX_EVENT_BYTES}`, DiscardReason.EVENT_TOO_LARGE);
      }
      const json = parseJson(raw, 'request body');
      const normalized = this.normalize(() => normalizeEvent(json, this.normalizeOptions(ctx)));
      return this.accept(ctx, sender, normalized, IngestSource.STORE);
    });
  }

  /** POST /api/v1/report (the project is the key's) */
  async report(ctx: RequestContext, body: Readable, contentEncoding: string | undefined): Promise<IngestAnswer> {
    return this.counted(ctx, async () => {
      const sender = authenticate(ctx, this.keys, undefined, { projectFromKey: true });
      const scoped = { ...ctx, projectId: String(sender.project.id) };
      const raw = await readBody(body, contentEncoding, this.limits());
      if (raw.length > this.config.INGEST_MAX_EVENT_BYTES) {
        throw tooLarge(`report of ${raw.length} bytes exceeds ${this.config.INGEST_MAX_EVENT_BYTES}`, DiscardReason.EVENT_TOO_LARGE);
      }
      const json = parseJson(raw, 'request body');
      const normalized = this.normalize(() => reportToEvent(json, this.normalizeOptions(scoped)));
      return this.accept(scoped, sender, normalized, IngestSource.REPORT);
    });
  }

  private limits() {
    return { maxBodyBytes: this.config.INGEST_MAX_BODY_BYTES, maxDecompressedBytes: this.config.INGEST_MAX_DECOMPRESSED_BYTES };
  }

  private normalizeOptions(ctx: RequestContext, overrideEventId?: string) {
    // The envelope header's event id wins over the payload's (PROTOCOLS §1.4).
    return { receivedAt: ctx.receivedAt, maxFrames: this.config.INGEST_MAX_FRAMES, overrideEventId };
  }

  private normalize(run: () => NormalizedEvent): NormalizedEvent {
    let normalized: NormalizedEvent;
    try {
      normalized = run();
    } catch (error) {
      throw error instanceof IngestError ? fromIngestError(error) : error;
    }
    if (normalized.truncatedFrames > 0) {
      throw tooLarge(`a stack trace has more than ${this.config.INGEST_MAX_FRAMES} frames`, DiscardReason.TOO_MANY_FRAMES);
    }
    return normalized;
  }

  /** Rate-limits, filters and publishes one event; resolves after JetStream stored it. */
  private async accept(ctx: RequestContext, sender: Sender, normalized: NormalizedEvent, source: IngestSource, sentAt?: string): Promise<IngestAnswer> {
    const project = String(sender.project.id);
    const decision = this.limiter.take({
      key: sender.key.publicKey,
      project,
      keyPerSecond: sender.key.rateLimitPerSecond,
      keyBurst: sender.key.burst,
      keyPerMinute: sender.key.rateLimitPerMinute,
      projectPerMinute: sender.project.rateLimitPerMinute,
    });
    if (decision) {
      throw new IngestHttpError(429, `rate limit of the ${decision.scope} exceeded`, Outcome.RATE_LIMITED, decision.reason, {
        'retry-after': String(decision.retryAfterSeconds),
        'x-sentry-rate-limits': formatRateLimits([{ retryAfterSeconds: decision.retryAfterSeconds, categories: ['error', 'default', 'security'], scope: decision.scope }]),
      });
    }
    const filtered = applyInboundFilters(
      normalized.event,
      { userAgent: ctx.userAgent, clientIp: ctx.clientIp, url: normalized.event.request?.url },
      sender.project.inboundFilters,
      this.random,
    );
    if (filtered) {
      // Filtered events are answered like accepted ones (as Sentry does), and counted.
      this.metrics.outcome(project, Outcome.FILTERED, INBOUND_FILTER_REASONS[filtered]);
      return { id: normalized.eventId };
    }
    applyIpPolicy(normalized.event, ctx.clientIp, sender.project.storeIp);
    // An init object, not a created message: encodeMessage writes it without a deep copy.
    const message: MessageInitShape<typeof IngestedEventSchema> = {
      projectId: project,
      eventId: normalized.eventId,
      receivedAt: timestampFromDate(ctx.receivedAt),
      sentAt: sentAt && !Number.isNaN(Date.parse(sentAt)) ? timestampFromDate(new Date(sentAt)) : undefined,
      source,
      publicKey: sender.key.publicKey,
      client: {
        sdkName: normalized.event.sdk?.name ?? '',
        sdkVersion: normalized.event.sdk?.version ?? '',
        clientIp: sender.project.storeIp ? (ctx.clientIp ?? '') : '',
        userAgent: ctx.userAgent ?? '',
        origin: ctx.origin ?? '',
      },
      event: normalized.event,
    };
    let receipt;
    try {
      receipt = await this.publisher.publish(subjectFor('eventsIngested', project), IngestedEventSchema, message, {
        msgId: `${project}:${normalized.eventId}`,
        timeoutMs: this.config.NATS_PUBLISH_TIMEOUT,
      });
    } catch (error) {
      if (error instanceof PublishError) {
        throw unavailable(`the event could not be stored, send it again later (${error.message})`, Math.ceil(this.config.INGEST_RETRY_AFTER / 1_000));
      }
      throw error;
    }
    this.metrics.outcome(project, receipt.duplicate ? Outcome.DUPLICATE : Outcome.ACCEPTED, receipt.duplicate ? DiscardReason.DUPLICATE_EVENT_ID : DiscardReason.UNSPECIFIED);
    return { id: normalized.eventId };
  }

  private countClientReport(project: string, payload: Uint8Array): void {
    try {
      for (const d of parseClientReport(payload).discarded) {
        this.metrics.clientDiscarded.inc({ project, reason: d.reason, category: d.category }, d.quantity);
      }
    } catch {
      // A malformed client report is the SDK's bookkeeping, not an event: skip it.
    }
  }

  /** Runs `handle`, counting the outcome of a request that fails. */
  private async counted(ctx: RequestContext, handle: () => Promise<IngestAnswer>): Promise<IngestAnswer> {
    try {
      return await handle();
    } catch (error) {
      const mapped = error instanceof IngestError ? fromIngestError(error) : error;
      if (mapped instanceof IngestHttpError) {
        const known = this.keys.projectById(Number(ctx.projectId)) ? ctx.projectId : 'unknown';
        this.metrics.outcome(known, mapped.outcome, mapped.reason);
      }
      throw mapped;
    }
  }
}

function parseJson(data: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch (error) {
    throw invalid(`${what} is not valid JSON: ${(error as Error).message}`, DiscardReason.JSON_INVALID);
  }
}

/**
 * Keeps the client IP only if the project stores IPs, and then only where the SDK asked
 * for it to be inferred (`{{auto}}` or `sdk.settings.infer_ip: auto`).
 */
function applyIpPolicy(event: SentryEventInit, clientIp: string | undefined, storeIp: boolean): void {
  const user = event.user;
  const inferAuto = event.sdk?.settings?.inferIp === 'auto';
  if (!storeIp) {
    if (user) user.ipAddress = '';
    return;
  }
  if (user && user.ipAddress === '{{auto}}') user.ipAddress = clientIp ?? '';
  else if (inferAuto && clientIp) event.user = { ...(user ?? {}), ipAddress: clientIp };
}

