// The second half of "nothing disappears silently". The transport dead-letters what its
// handlers fail on, but a message whose last delivery dies with its replica (a crash, an
// OOM kill) is simply never delivered again: the server only publishes a core-NATS
// MAX_DELIVERIES advisory, which nobody may be listening to. This watcher keeps those
// advisories in a stream of their own (so they survive restarts of every replica) and
// copies each exhausted message to `dlq.<consumer>`, once, through a durable consumer
// shared by the replicas like any other.
import { DeadLetterCause } from '@faultline/contracts';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { LoggerService } from '@nestjs/common';
import type { ConsumerMetrics } from './consumer-metrics.js';
import type { DeadLetterWriter } from './dead-letter-writer.js';
import { describeError } from './handler-result.js';
import type { Namespace } from './namespace.js';
import { provisionConsumer, provisionStream } from './provisioner.js';

/** The advisory the server publishes when a message ran out of deliveries. */
interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/** Server subject of the MAX_DELIVERIES advisories of one consumer. */
export function maxDeliveriesSubject(serverStream: string, durable: string): string {
  return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${serverStream}.${durable}`;
}

/** Logical name of the stream keeping one consumer's advisories. */
export function advisoryStreamName(durable: string): string {
  return `ADVISORIES_${durable.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Watches one consumer's MAX_DELIVERIES advisories and dead-letters the messages they name. */
export class MaxDeliveriesWatcher {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly o: {
      jsm: JetStreamManager;
      js: JetStreamClient;
      namespace: Namespace;
      stream: string;
      durable: string;
      deadLetterSubject: string;
      deadLetters: DeadLetterWriter;
      metrics: ConsumerMetrics;
      logger: LoggerService;
      replicas?: number;
    },
  ) {}

  /** Provisions the advisory stream and its durable consumer, then starts watching. */
  async start(): Promise<void> {
    const { jsm, js, namespace, stream, durable } = this.o;
    const advisories = namespace.stream(advisoryStreamName(durable));
    await provisionStream(jsm, {
      name: advisories,
      subjects: [maxDeliveriesSubject(namespace.stream(stream), durable)],
      description: `MAX_DELIVERIES advisories of consumer ${durable}, turned into dead letters`,
      maxAgeMs: 7 * 24 * 3_600_000,
      replicas: this.o.replicas,
    });
    await provisionConsumer(jsm, advisories, {
      durable_name: 'dead-letters',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_ack_pending: 100,
    });
    const consumer = await js.consumers.get(advisories, 'dead-letters');
    this.messages = await consumer.consume({ max_messages: 10 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const m of messages) {
        try {
          await this.copy(m.json<MaxDeliveriesAdvisory>());
          m.ack();
        } catch (error) {
          if (this.stopping) break;
          this.o.logger.error?.(`${durable}: could not dead-letter an exhausted message, retrying: ${describeError(error)}`);
          m.nak(5_000);
        }
      }
    })();
  }

  private async copy(advisory: MaxDeliveriesAdvisory): Promise<void> {
    const { jsm, namespace, stream, durable } = this.o;
    const stored = await jsm.streams.getMessage(namespace.stream(stream), { seq: advisory.stream_seq });
    const reason = `no acknowledgement after ${advisory.deliveries} deliveries (the handling replica died or stalled on each)`;
    await this.o.deadLetters.write(
      {
        headers: stored?.header,
        data: stored?.data ?? new Uint8Array(0),
        streamSequence: advisory.stream_seq,
        deliveries: advisory.deliveries,
      },
      {
        consumer: durable,
        stream,
        subject: stored ? namespace.logicalSubject(stored.subject) : '',
        deadLetterSubject: this.o.deadLetterSubject,
        cause: DeadLetterCause.MAX_DELIVERIES,
        reason: stored ? reason : `${reason}; the message is no longer in the stream`,
      },
    );
    this.o.metrics.deadLettered.inc({ stream, consumer: durable, cause: 'max_deliveries' });
    this.o.logger.warn?.(`${durable}: stream message #${advisory.stream_seq} ran out of deliveries and was dead-lettered`);
  }

  /** Stops watching (an advisory being copied is finished or redelivered later). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }
}
