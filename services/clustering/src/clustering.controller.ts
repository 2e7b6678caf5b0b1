// The two consumers: `events.enriched.>` (durable `clustering`) and `issues.commands.>`
// (durable `clustering-commands`). Handlers return ack/retry/reject; the transport maps them.
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SUBJECTS, type EnrichedEvent, type IssueCommand } from '@faultline/contracts';
import { formatTraceparent, currentTrace } from '@faultline/platform-logging';
import { ack, reject, type HandlerResult, type JetStreamContext } from '@faultline/platform-messaging';
import { APP_CONFIG } from '@faultline/platform-config';
import type { ClusteringConfig } from './clustering.config.js';
import { ClusteringMetrics } from './clustering-metrics.js';
import { CommandService } from './commands/command-service.js';
import { ClusteringPipeline } from './pipeline/clustering-pipeline.js';
import { InvalidEventError } from './pipeline/prepared-event.js';
import { ProjectSettingsCache } from './settings/project-settings.js';

/** Binds the handlers to the JetStream transport. */
@Controller()
export class ClusteringController {
  private readonly log = new Logger('clustering');

  constructor(
    @Inject(ClusteringPipeline) private readonly pipeline: ClusteringPipeline,
    @Inject(CommandService) private readonly commands: CommandService,
    @Inject(ProjectSettingsCache) private readonly settings: ProjectSettingsCache,
    @Inject(ClusteringMetrics) private readonly metrics: ClusteringMetrics,
    @Inject(APP_CONFIG) private readonly config: ClusteringConfig,
  ) {}

  @EventPattern(SUBJECTS.eventsEnriched.subject)
  async onEnriched(@Payload() event: EnrichedEvent, @Ctx() context: unknown): Promise<HandlerResult> {
    const ctx = context as JetStreamContext;
    const body = ctx.getMessage().data;
    if (body.length > this.config.CLUSTERING_MAX_EVENT_BYTES) {
      this.metrics.events.inc({ result: 'invalid' });
      return reject(`event is ${body.length} bytes, over CLUSTERING_MAX_EVENT_BYTES (${this.config.CLUSTERING_MAX_EVENT_BYTES})`);
    }
    // The pipeline consumes the decoded event (it drops its bulk once prepared): keep what the log needs.
    const { projectId, eventId } = event;
    const settings = this.settings.get(Number(projectId));
    const trace = currentTrace();
    try {
      await this.pipeline.handle(
        event,
        body,
        { config: settings.groupingConfig, rules: settings.rules, similarity: settings.similarity },
        trace ? formatTraceparent(trace) : undefined,
      );
      return ack();
    } catch (error) {
      if (error instanceof InvalidEventError) {
        this.metrics.events.inc({ result: 'invalid' });
        return reject(error.message);
      }
      this.metrics.events.inc({ result: 'failed' });
      this.log.warn(`event ${eventId} of project ${projectId} not stored, will retry: ${(error as Error).message}`);
      throw error;
    }
  }

  @EventPattern(SUBJECTS.issuesCommands.subject)
  async onCommand(@Payload() command: IssueCommand, @Ctx() context: unknown): Promise<HandlerResult> {
    const ctx = context as JetStreamContext;
    return this.commands.apply(command, ctx.getMessage().info.streamSequence, ctx.getDeliveryCount() > 1);
  }
}
