// The `enrichment` durable consumer of `events.ingested.>`: enrich, publish to
// `events.enriched.<project>` with Nats-Msg-Id = event id, and only then acknowledge (the
// transport acks after the handler returns). A storage or database failure is retried.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CONSUMERS, subjectFor, type IngestedEvent } from '@faultline/contracts';
import { ack, JetStreamPublisher, reject, retry, type HandlerResult } from '@faultline/platform-messaging';
import { Enricher } from './enricher.js';
import { EnrichmentMetrics } from './enrichment-metrics.js';

/** `Nats-Msg-Id` of an enriched event: `<project>:<event_id>:enriched` (redeliveries are stored once). */
export function enrichedMsgId(projectId: string, eventId: string): string {
  return `${projectId}:${eventId}:enriched`;
}

/** Handles every ingested event. */
@Controller()
export class EnrichmentController {
  private readonly seenProjects = new Set<string>();

  constructor(
    @Inject(Enricher) private readonly enricher: Enricher,
    @Inject(JetStreamPublisher) private readonly publisher: JetStreamPublisher,
    @Inject(EnrichmentMetrics) private readonly metrics: EnrichmentMetrics,
  ) {}

  @EventPattern(CONSUMERS.enrichment.filterSubject)
  async handle(@Payload() ingested: IngestedEvent): Promise<HandlerResult> {
    if (!/^\d{1,9}$/.test(ingested.projectId)) return reject(`project_id "${ingested.projectId}" is not a decimal project id`);
    if (!/^[0-9a-f]{32}$/.test(ingested.eventId)) return reject(`event_id "${ingested.eventId}" is not 32 lowercase hex digits`);
    let out;
    try {
      out = await this.enricher.enrich(ingested);
    } catch (error) {
      return retry(`artifact lookup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // The PubAck is awaited: a failed publish throws and the transport redelivers the message.
    // De-duplication is per stream, and events.ingested shares EVENTS under the id
    // `<project>:<event_id>`, so the enriched copy needs an id of its own.
    await this.publisher.publishRaw(subjectFor('eventsEnriched', ingested.projectId), out.body, {
      msgId: enrichedMsgId(ingested.projectId, ingested.eventId),
    });
    const project = ingested.projectId;
    if (!this.seenProjects.has(project)) {
      this.seenProjects.add(project);
      this.metrics.touchProject(project);
    }
    for (const result of out.results) this.metrics.frames.inc({ project, result });
    this.metrics.events.inc({ project });
    for (const change of out.pii) this.metrics.piiChanges.inc({ project, rule: change.rule });
    return ack();
  }
}
