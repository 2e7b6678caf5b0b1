// The `enrichment` durable consumer of `events.ingested.>`: enrich, publish to
// `events.enriched.<project>` with Nats-Msg-Id = event id, and only then acknowledge (the
// transport acks after the handler returns). A storage or database failure is retried.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CONSUMERS, subjectFor } from '@faultline/contracts';
import { ack, JetStreamPublisher, reject, retry, type HandlerResult } from '@faultline/platform-messaging';
import { Enricher } from './enricher.js';
import { EnrichmentMetrics } from './enrichment-metrics.js';
import type { IngestedEventJson } from './ingested-decoder.js';

/** `Nats-Msg-Id` of an enriched event: `<project>:<event_id>:enriched` (redeliveries are stored once). */
export function enrichedMsgId(projectId: string, eventId: string): string {
  return `${projectId}:${eventId}:enriched`;
}

/** Handles every ingested event (decoded by `decodeIngestedJson`: the payload's canonical JSON). */
@Controller()
export class EnrichmentController {
  constructor(
    @Inject(Enricher) private readonly enricher: Enricher,
    @Inject(JetStreamPublisher) private readonly publisher: JetStreamPublisher,
    @Inject(EnrichmentMetrics) private readonly metrics: EnrichmentMetrics,
  ) {}

  @EventPattern(CONSUMERS.enrichment.filterSubject)
  async handle(@Payload() ingested: IngestedEventJson): Promise<HandlerResult> {
    const project = ingested.project_id ?? '';
    const eventId = ingested.event_id ?? '';
    if (!/^\d{1,9}$/.test(project)) return reject(`project_id "${project}" is not a decimal project id`);
    if (!/^[0-9a-f]{32}$/.test(eventId)) return reject(`event_id "${eventId}" is not 32 lowercase hex digits`);
    let out;
    try {
      out = await this.enricher.enrich(ingested);
    } catch (error) {
      return retry(`artifact lookup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // The PubAck is awaited: a failed publish throws and the transport redelivers the message.
    // De-duplication is per stream, and events.ingested shares EVENTS under the id
    // `<project>:<event_id>`, so the enriched copy needs an id of its own.
    await this.publisher.publishRaw(subjectFor('eventsEnriched', project), out.body, {
      msgId: enrichedMsgId(project, eventId),
    });
    this.metrics.countEvent(project, out.results, out.pii);
    return ack();
  }
}
