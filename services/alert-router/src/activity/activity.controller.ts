// The `alert-router` durable consumer of `issues.activity.>`: each activity goes through the rule
// engine; the message is acknowledged only after the alerts it produced are stored.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CONSUMERS, type IssueActivity } from '@faultline/contracts';
import { type HandlerResult, ack, retry } from '@faultline/platform-messaging';
import { AlertRouter } from '../core/alert-router.js';
import { RouterMetrics } from '../core/router-metrics.js';

/** Handles issue activity. */
@Controller()
export class ActivityController {
  constructor(
    @Inject(AlertRouter) private readonly router: AlertRouter,
    @Inject(RouterMetrics) private readonly metrics: RouterMetrics,
  ) {}

  @EventPattern(CONSUMERS['alert-router'].filterSubject)
  async handle(@Payload() activity: IssueActivity): Promise<HandlerResult> {
    // Only the leader consumes; a replica that just lost the lease hands the message back.
    if (!this.router.isLeader) {
      this.metrics.activity.inc({ result: 'not_leader' });
      return retry('this replica is not the leader', 1_000);
    }
    const alerts = await this.router.observeActivity(activity);
    this.metrics.activity.inc({ result: alerts > 0 ? 'alerted' : 'evaluated' });
    return ack();
  }
}
