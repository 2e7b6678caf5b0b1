// The second argument of every JetStream event handler (`@Ctx() ctx`).
import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/nats-core';

/** Access to the JetStream message behind a handler call. */
export class JetStreamContext extends BaseRpcContext<[JsMsg, string, string]> {
  /** The raw JetStream message (headers, sequence numbers, delivery info). */
  getMessage(): JsMsg {
    return this.args[0];
  }

  /** The logical subject, without any namespace prefix (`events.ingested.42`). */
  getSubject(): string {
    return this.args[1];
  }

  /** The durable consumer that delivered the message. */
  getConsumer(): string {
    return this.args[2];
  }

  /** The message headers (`Nats-Msg-Id`, `traceparent`, …), if any. */
  getHeaders(): MsgHdrs | undefined {
    return this.args[0].headers;
  }

  /** 1 on the first delivery, n on the n-th redelivery. */
  getDeliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }

  /** Tells the server the handler is still working, resetting the ack wait. */
  working(): void {
    this.args[0].working();
  }
}
