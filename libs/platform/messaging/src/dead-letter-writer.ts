// Copies a message that will never be processed to the DLQ stream, with the reason,
// the delivery count and the original headers, before the consumer terminates it:
// nothing leaves the pipeline without a trace an engineer can inspect and replay.
import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { DeadLetterCause, DeadLetterSchema, encodeMessage } from '@faultline/contracts';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import type { Namespace } from './namespace.js';

/** Headers every dead letter carries, so `nats stream view DLQ` shows why at a glance. */
export const DLQ_HEADERS = {
  reason: 'Faultline-Dlq-Reason',
  cause: 'Faultline-Dlq-Cause',
  consumer: 'Faultline-Dlq-Consumer',
  stream: 'Faultline-Dlq-Stream',
  subject: 'Faultline-Dlq-Subject',
  sequence: 'Faultline-Dlq-Sequence',
  deliveries: 'Faultline-Dlq-Deliveries',
  originalMsgId: 'Faultline-Original-Msg-Id',
} as const;

const CAUSE_NAMES: Record<DeadLetterCause, string> = {
  [DeadLetterCause.UNSPECIFIED]: 'unspecified',
  [DeadLetterCause.REJECTED]: 'rejected',
  [DeadLetterCause.MAX_DELIVERIES]: 'max_deliveries',
  [DeadLetterCause.UNDECODABLE]: 'undecodable',
};

/** Short label of a cause, as used in metrics and headers. */
export function causeName(cause: DeadLetterCause): string {
  return CAUSE_NAMES[cause] ?? 'unspecified';
}

/** The failed message: a live delivery, or one read back from its stream. */
export interface DeadLetterSource {
  headers?: MsgHdrs;
  data: Uint8Array;
  streamSequence: number;
  deliveries: number;
}

/** The DeadLetterSource of a live delivery. */
export function fromDelivery(msg: JsMsg): DeadLetterSource {
  return { headers: msg.headers, data: msg.data, streamSequence: msg.info.streamSequence, deliveries: msg.info.deliveryCount };
}

/** What is known about the failed message besides the message itself. */
export interface DeadLetterDetails {
  consumer: string;
  /** Logical stream and subject (without namespace). */
  stream: string;
  subject: string;
  deadLetterSubject: string;
  cause: DeadLetterCause;
  reason: string;
  errorId?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function headerSafe(value: string): string {
  // NATS header values are single lines; keep them short enough to read in a terminal.
  return value.replace(/[\r\n]+/g, ' ').slice(0, 1_024);
}

/** Publishes dead letters to `dlq.<consumer>` in the DLQ stream. */
export class DeadLetterWriter {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: Namespace,
    private readonly timeoutMs = 5_000,
  ) {}

  /** Copies `msg` to the DLQ; resolves once the DLQ stream has stored it. */
  async write(msg: DeadLetterSource, details: DeadLetterDetails): Promise<void> {
    const original: Record<string, string> = {};
    const h = natsHeaders();
    if (msg.headers) {
      for (const [name, values] of msg.headers) {
        original[name] = values.join(', ');
        const target = name === 'Nats-Msg-Id' ? DLQ_HEADERS.originalMsgId : name;
        for (const value of values) h.append(target, value);
      }
    }
    const sequence = msg.streamSequence;
    const deliveries = msg.deliveries;
    h.set(DLQ_HEADERS.reason, headerSafe(details.reason));
    h.set(DLQ_HEADERS.cause, causeName(details.cause));
    h.set(DLQ_HEADERS.consumer, details.consumer);
    h.set(DLQ_HEADERS.stream, details.stream);
    h.set(DLQ_HEADERS.subject, details.subject);
    h.set(DLQ_HEADERS.sequence, String(sequence));
    h.set(DLQ_HEADERS.deliveries, String(deliveries));

    let payload = '';
    let payloadBinary = new Uint8Array(0);
    try {
      payload = utf8.decode(msg.data);
    } catch {
      payloadBinary = new Uint8Array(msg.data);
    }
    const letter = create(DeadLetterSchema, {
      consumer: details.consumer,
      stream: details.stream,
      subject: details.subject,
      streamSequence: BigInt(sequence),
      deliveries,
      reason: details.reason,
      cause: details.cause,
      headers: original,
      payload,
      payloadBinary,
      failedAt: timestampNow(),
      errorId: details.errorId ?? '',
    });
    // The message id makes a second copy of the same stream message (after a crash
    // between copy and terminate) a no-op inside the DLQ stream's duplicate window.
    await this.js.publish(this.namespace.subject(details.deadLetterSubject), encodeMessage(DeadLetterSchema, letter), {
      msgID: `${details.stream}:${sequence}:${details.consumer}`,
      headers: h,
      timeout: this.timeoutMs,
    });
  }
}
