// The durable consumer `github-issues` on notify.github.>: decodes the Notification contract and
// hands it to NotificationHandler; the handler result becomes ack / nak(delay) / dead letter.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CONSUMERS, type Notification } from '@faultline/contracts';
import { ack, reject, retry, type HandlerResult, type JetStreamContext } from '@faultline/platform-messaging';
import { NotificationHandler } from './notification-handler.js';

/** Receives notify.github messages. */
@Controller()
export class NotificationConsumer {
  constructor(@Inject(NotificationHandler) private readonly handler: NotificationHandler) {}

  @EventPattern(CONSUMERS['github-issues'].filterSubject)
  async onNotification(@Payload() n: Notification, @Ctx() context: unknown): Promise<HandlerResult> {
    const ctx = context as JetStreamContext;
    const headers = ctx.getHeaders();
    const msg = ctx.getMessage();
    const labels = headers?.get('Faultline-Github-Labels');
    const outcome = await this.handler.handle(n, {
      idempotencyKey: headers?.get('Nats-Msg-Id') || `${msg.info.stream}:${msg.info.streamSequence}`,
      repo: headers?.get('Faultline-Github-Repo') || undefined,
      labels: labels ? labels.split(',').map((l) => l.trim()).filter(Boolean) : [],
    });
    if (outcome.kind === 'retry') return retry(outcome.reason, outcome.delayMs);
    if (outcome.kind === 'reject') return reject(outcome.reason);
    return ack();
  }
}
