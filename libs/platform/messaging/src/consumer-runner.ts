// The consume loop of one durable consumer in one replica: pull, decode, run the
// handler under its trace, and turn the result into ack / nak(delay) / DLQ + term.
// Every replica of a service runs the same loop on the same durable consumer, so the
// server spreads messages across replicas and redelivers what a dead replica held.
import { DeadLetterCause, ContractDecodeError } from '@faultline/contracts';
import { childTraceContext, parseTraceparent, runWithTrace } from '@faultline/platform-logging';
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { bindCounters, type BoundCounters, type ConsumerMetrics } from './consumer-metrics.js';
import { causeName, fromDelivery, type DeadLetterWriter } from './dead-letter-writer.js';
import { describeError, resultFromError, type HandlerResult } from './handler-result.js';
import { JetStreamContext } from './jetstream-context.js';
import type { Namespace } from './namespace.js';
import { backoffDelay, type ConsumerPolicy, type PayloadDecoder } from './topology.js';

/** Runs the application's handler for one decoded message. */
export type MessageInvoker = (payload: unknown, ctx: JetStreamContext) => Promise<HandlerResult>;

/** Everything a runner needs, resolved by the server at start. */
export interface ConsumerRunnerOptions {
  js: JetStreamClient;
  namespace: Namespace;
  /** Logical stream name and durable consumer name. */
  stream: string;
  durable: string;
  deadLetterSubject: string;
  policy: ConsumerPolicy;
  decode: PayloadDecoder;
  invoke: MessageInvoker;
  deadLetters: DeadLetterWriter;
  metrics: ConsumerMetrics;
  logger: LoggerService;
  onSettled?: SettleObserver;
}

/** How one delivery ended: acked, nak'ed for redelivery, or dead-lettered and terminated. */
export interface SettledDelivery {
  consumer: string;
  subject: string;
  streamSequence: number;
  deliveryCount: number;
  outcome: 'acked' | 'naked' | 'dead_lettered';
  reason?: string;
}

/** Called after each delivery is settled (after the server confirmed the ack when `ackConfirm` is set). */
export type SettleObserver = (delivery: SettledDelivery) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Longest stretch (ms) the pull loop starts handlers without giving the event loop a turn. A
 * pulled batch arrives in one socket read and its messages are handed out through promise
 * continuations (microtasks), so without a yield hundreds of handlers' synchronous parts would
 * run in one macrotask, delaying every timer (the alert router's group timers, lease renewals,
 * heartbeats) and HTTP request of the process by the whole batch.
 */
export const YIELD_AFTER_MS = 5;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One durable consumer's processing loop in this replica. */
export class ConsumerRunner {
  private readonly slots: ConcurrencyLimit;
  private readonly inFlight = new Set<Promise<void>>();
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;
  private readonly labels: { stream: string; consumer: string };
  private readonly count: BoundCounters;
  /** Messages whose handler is running, with when the server last heard of each. */
  private readonly running = new Map<JsMsg, number>();
  private heartbeat?: NodeJS.Timeout;
  /** Acks waiting for the end of this event-loop turn (sent together: one socket write, not one each). */
  private pendingAcks: { msg: JsMsg; subject: string }[] = [];

  constructor(private readonly o: ConsumerRunnerOptions) {
    this.slots = new ConcurrencyLimit(o.policy.concurrency);
    this.labels = { stream: o.stream, consumer: o.durable };
    this.count = bindCounters(o.metrics, o.stream, o.durable);
  }

  /** Starts pulling from the durable consumer (which must exist). */
  async start(consumer: Consumer): Promise<void> {
    // Long handlers keep their message: every ack_wait/3 the server is told they are
    // still working. One sweep covers all running handlers (no timer per message).
    const every = Math.max(250, Math.floor(this.o.policy.ackWaitMs / 3));
    this.heartbeat = setInterval(() => {
      const due = Date.now() - every;
      for (const [msg, last] of this.running) {
        if (last <= due) {
          msg.working();
          this.running.set(msg, Date.now());
        }
      }
    }, Math.max(100, Math.floor(every / 2)));
    this.heartbeat.unref();
    this.loop = this.run(consumer);
  }

  private async run(consumer: Consumer): Promise<void> {
    const prefetch = this.o.policy.prefetch ?? this.o.policy.concurrency * 2;
    while (!this.stopping) {
      try {
        this.messages = await consumer.consume({ max_messages: prefetch });
        let turnStarted = Date.now();
        for await (const msg of this.messages) {
          await this.slots.acquire();
          if (Date.now() - turnStarted >= YIELD_AFTER_MS) {
            await yieldToEventLoop();
            turnStarted = Date.now();
          }
          if (this.stopping) {
            // Shutting down: leave the message unacknowledged; the server redelivers it to
            // another replica after ack_wait. (A nak here would be faster, but nats-server
            // 2.9 may then deliver it twice while this replica's pull request is still open.)
            this.slots.release();
            continue;
          }
          const task = this.processSafely(msg).finally(() => {
            this.slots.release();
            this.inFlight.delete(task);
          });
          this.inFlight.add(task);
        }
      } catch (error) {
        if (this.stopping) break;
        this.o.logger.error?.(`consumer ${this.o.durable} stopped pulling, restarting in 1s: ${describeError(error)}`);
        await sleep(1_000);
      }
    }
  }

  /**
   * Stops pulling, lets in-flight handlers finish (and ack) for up to `timeoutMs`,
   * and hands back what it had not started. A handler still running after the
   * timeout is left unacknowledged, so the server redelivers its message.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    const settled = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    clearInterval(this.heartbeat);
    this.flushAcks();
    await this.loop?.catch(() => undefined);
  }

  /** Never rejects: a failure to settle leaves the message unacknowledged, so it is redelivered. */
  private async processSafely(msg: JsMsg): Promise<void> {
    try {
      await this.process(msg);
    } catch (error) {
      this.o.logger.error?.(`${this.o.durable}: could not settle #${msg.seq}; the server will redeliver it: ${describeError(error)}`);
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const subject = this.o.namespace.logicalSubject(msg.subject);
    this.count.delivered.inc();
    if (msg.info.deliveryCount > 1) this.count.redelivered.inc();

    let payload: unknown;
    try {
      payload = this.o.decode(msg.data);
    } catch (error) {
      const reason = error instanceof ContractDecodeError ? error.message : `undecodable payload: ${describeError(error)}`;
      await this.deadLetter(msg, subject, DeadLetterCause.UNDECODABLE, reason);
      return;
    }

    const ctx = new JetStreamContext([msg, subject, this.o.durable]);
    const startedAt = performance.now();
    this.running.set(msg, Date.now());
    this.count.inFlight.inc();
    let result: HandlerResult;
    try {
      const trace = childTraceContext(parseTraceparent(msg.headers?.get('traceparent') || undefined));
      result = await runWithTrace(trace, () => this.o.invoke(payload, ctx));
    } catch (error) {
      result = resultFromError(error);
    } finally {
      this.running.delete(msg);
      this.count.inFlight.dec();
    }
    this.count.duration[result.kind].observe((performance.now() - startedAt) / 1_000);
    await this.settle(msg, subject, result);
  }

  private async settle(msg: JsMsg, subject: string, result: HandlerResult): Promise<void> {
    const { policy } = this.o;
    switch (result.kind) {
      case 'ack':
        if (policy.ackConfirm) {
          await msg.ackAck();
          this.count.acked.inc();
          this.notify(msg, subject, 'acked');
        } else {
          // Unconfirmed acks of one turn go out together: the NATS client writes what was queued
          // before its flush, so hundreds of acks cost one socket write instead of one each. An
          // ack delayed by a turn and lost in a crash only means a redelivery (at-least-once).
          if (this.pendingAcks.length === 0) setImmediate(() => this.flushAcks());
          this.pendingAcks.push({ msg, subject });
        }
        return;
      case 'retry': {
        const deliveries = msg.info.deliveryCount;
        if (policy.maxDeliver !== -1 && deliveries >= policy.maxDeliver) {
          await this.deadLetter(msg, subject, DeadLetterCause.MAX_DELIVERIES, `gave up after ${deliveries} deliveries: ${result.reason}`);
          return;
        }
        const delay = result.delayMs ?? backoffDelay(policy, deliveries);
        this.o.logger.warn?.(`${this.o.durable}: ${subject} #${msg.seq} failed (delivery ${deliveries}), retrying in ${delay} ms: ${result.reason}`);
        msg.nak(delay);
        this.count.naked.inc();
        this.notify(msg, subject, 'naked', result.reason);
        return;
      }
      case 'reject':
        await this.deadLetter(msg, subject, DeadLetterCause.REJECTED, result.reason);
        return;
    }
  }

  private flushAcks(): void {
    const acks = this.pendingAcks;
    this.pendingAcks = [];
    for (const { msg } of acks) msg.ack();
    this.count.acked.inc(acks.length);
    for (const { msg, subject } of acks) this.notify(msg, subject, 'acked');
  }

  /** Copies to the DLQ, then terminates; if the copy fails the message is retried instead. */
  private async deadLetter(msg: JsMsg, subject: string, cause: DeadLetterCause, reason: string): Promise<void> {
    const { metrics } = this.o;
    const errorId = randomUUID();
    try {
      await this.o.deadLetters.write(fromDelivery(msg), {
        consumer: this.o.durable,
        stream: this.o.stream,
        subject,
        deadLetterSubject: this.o.deadLetterSubject,
        cause,
        reason,
        errorId,
      });
    } catch (error) {
      this.o.logger.error?.(`${this.o.durable}: could not dead-letter ${subject} #${msg.seq} (${describeError(error)}); will retry it`);
      msg.nak(backoffDelay(this.o.policy, msg.info.deliveryCount));
      this.count.naked.inc();
      this.notify(msg, subject, 'naked', `dead-letter copy failed: ${describeError(error)}`);
      return;
    }
    msg.term();
    this.notify(msg, subject, 'dead_lettered', reason);
    this.count.terminated.inc();
    metrics.deadLettered.inc({ ...this.labels, cause: causeName(cause) });
    this.o.logger.warn?.(`${this.o.durable}: ${subject} #${msg.seq} dead-lettered (${causeName(cause)}, errorId ${errorId}): ${reason}`);
  }

  private notify(msg: JsMsg, subject: string, outcome: SettledDelivery['outcome'], reason?: string): void {
    this.o.onSettled?.({
      consumer: this.o.durable,
      subject,
      streamSequence: msg.info.streamSequence,
      deliveryCount: msg.info.deliveryCount,
      outcome,
      reason,
    });
  }
}
