// A NestJS transport strategy for JetStream durable pull consumers. Each
// `@EventPattern(subject)` handler is bound to one declared durable consumer whose
// filter subject is that pattern; every replica of the service binds the same
// durable, which makes the replicas a consumer group.
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { isObservable, lastValueFrom } from 'rxjs';
import { Registry } from 'prom-client';
import { connectNats } from './connection.js';
import { consumerMetrics, consumerStateGauges } from './consumer-metrics.js';
import { ConsumerRunner, type SettleObserver } from './consumer-runner.js';
import { DeadLetterWriter } from './dead-letter-writer.js';
import { MaxDeliveriesWatcher } from './max-deliveries-watcher.js';
import { contractDecoder, jsonDecoder } from './decoders.js';
import { resultFromReturn } from './handler-result.js';
import type { JetStreamContext } from './jetstream-context.js';
import { Namespace } from './namespace.js';
import { consumerConfig, provisionConsumer, provisionStream, type ProvisionAction } from './provisioner.js';
import { resolvePolicy, type ConsumerBinding, type StreamSpec } from './topology.js';

/** Identifies this transport to Nest (`@EventPattern(subject, JETSTREAM_TRANSPORT)`). */
export const JETSTREAM_TRANSPORT = Symbol.for('faultline.jetstream');

/** How the transport connects, what it provisions and how it consumes. */
export interface JetStreamServerOptions {
  /** NATS servers to connect to; ignored when `connection` is given. */
  servers?: string | string[];
  /** An existing connection to share (the server will not close it). */
  connection?: NatsConnection;
  /** Connection name shown by `nats server report connections`. */
  name?: string;
  /** Stream/subject prefix isolating this deployment or test run ('' in production). */
  namespace?: string;
  /** Streams to create or update at start (logical names; must cover the DLQ subjects). */
  streams: StreamSpec[];
  /** Durable consumers, one per `@EventPattern` handler. */
  consumers: ConsumerBinding[];
  /** Metrics registry; a private one when omitted. */
  registry?: Registry;
  /** How long `close()` waits for in-flight handlers (default 30 s). */
  drainTimeoutMs?: number;
  /** Timeout of DLQ publishes (default 5 s). */
  publishTimeoutMs?: number;
  /** Observer of every settled delivery (logging, tests). */
  onSettled?: SettleObserver;
  /** Replicas of streams that do not declare their own, and of the advisory streams (NATS_STREAM_REPLICAS). */
  streamReplicas?: number;
}

/** What `listen()` did, for logs and tests. */
export interface ProvisionReport {
  streams: Record<string, ProvisionAction>;
  consumers: Record<string, ProvisionAction>;
}

/** The JetStream transport strategy (`NestFactory.createMicroservice(M, { strategy })`). */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  override transportId = JETSTREAM_TRANSPORT;
  private nc?: NatsConnection;
  private ownsConnection = false;
  private readonly runners: ConsumerRunner[] = [];
  private readonly watchers: MaxDeliveriesWatcher[] = [];
  private readonly namespace: Namespace;
  private readonly registry: Registry;
  private closing?: Promise<void>;
  /** Filled in by `listen()`. */
  provisionReport: ProvisionReport = { streams: {}, consumers: {} };

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.namespace = new Namespace(options.namespace ?? '');
    this.registry = options.registry ?? new Registry();
  }

  /** Connects, provisions streams and consumers, and starts consuming. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      this._status$.next('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const bindings = this.bindHandlers();
    if (this.options.connection) {
      this.nc = this.options.connection;
    } else {
      if (!this.options.servers) throw new Error('JetStreamServer needs `servers` or `connection`');
      this.nc = await connectNats({ servers: this.options.servers, name: this.options.name });
      this.ownsConnection = true;
    }
    const jsm = await jetstreamManager(this.nc);
    const js = jetstream(this.nc);
    await this.provisionStreams(jsm);
    const deadLetters = new DeadLetterWriter(js, this.namespace, this.options.publishTimeoutMs);
    const metrics = consumerMetrics(this.registry);
    for (const { binding, handler } of bindings) {
      await this.startConsumer(jsm, js, binding, handler, deadLetters, metrics);
    }
  }

  /** Pairs each event handler with its declared consumer; refuses handlers with none. */
  private bindHandlers() {
    const declared = new Map(this.options.consumers.map((c) => [c.filterSubject, c]));
    const bound: { binding: ConsumerBinding; handler: (data: unknown, ctx: JetStreamContext) => Promise<unknown> }[] = [];
    for (const [pattern, handler] of this.getHandlers()) {
      if (!handler.isEventHandler) {
        throw new Error(`@MessagePattern('${pattern}') is not supported by the JetStream transport: use @EventPattern`);
      }
      const binding = declared.get(pattern);
      if (!binding) {
        throw new Error(
          `@EventPattern('${pattern}') has no durable consumer: declare one with filterSubject '${pattern}' in the transport options`,
        );
      }
      bound.push({ binding, handler: handler as unknown as (data: unknown, ctx: JetStreamContext) => Promise<unknown> });
    }
    return bound;
  }

  private async provisionStreams(jsm: JetStreamManager): Promise<void> {
    for (const spec of this.options.streams) {
      const name = this.namespace.stream(spec.name);
      this.provisionReport.streams[spec.name] = await provisionStream(jsm, {
        ...spec,
        replicas: spec.replicas ?? this.options.streamReplicas,
        name,
        subjects: spec.subjects.map((s) => this.namespace.subject(s)),
      });
    }
  }

  private async startConsumer(
    jsm: JetStreamManager,
    js: JetStreamClient,
    binding: ConsumerBinding,
    handler: (data: unknown, ctx: JetStreamContext) => Promise<unknown>,
    deadLetters: DeadLetterWriter,
    metrics: ReturnType<typeof consumerMetrics>,
  ): Promise<void> {
    const policy = resolvePolicy(binding);
    const stream = this.namespace.stream(binding.stream);
    const config = consumerConfig(binding, policy, this.namespace.subject(binding.filterSubject));
    this.provisionReport.consumers[binding.durable] = await provisionConsumer(jsm, stream, config);
    const consumer = await js.consumers.get(stream, binding.durable);
    consumerStateGauges(this.registry, binding.stream, binding.durable, consumer);
    const deadLetterSubject = binding.deadLetterSubject ?? `dlq.${binding.durable}`;
    const watcher = new MaxDeliveriesWatcher({
      jsm,
      js,
      namespace: this.namespace,
      stream: binding.stream,
      durable: binding.durable,
      deadLetterSubject,
      deadLetters,
      metrics,
      logger: this.logger,
      replicas: this.options.streamReplicas,
    });
    await watcher.start();
    this.watchers.push(watcher);
    const runner = new ConsumerRunner({
      js,
      namespace: this.namespace,
      stream: binding.stream,
      durable: binding.durable,
      deadLetterSubject,
      policy,
      decode: binding.decode ?? (binding.schema ? contractDecoder(binding.schema) : jsonDecoder),
      invoke: async (payload, ctx) => {
        const out = await handler(payload, ctx);
        const value = isObservable(out) ? await lastValueFrom(out, { defaultValue: undefined }) : out;
        return resultFromReturn(value);
      },
      deadLetters,
      metrics,
      logger: this.logger,
      onSettled: this.options.onSettled,
    });
    await runner.start(consumer);
    this.runners.push(runner);
  }

  /** Stops pulling, drains in-flight messages, then closes the connection it opened. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const timeout = this.options.drainTimeoutMs ?? 30_000;
    await Promise.all([...this.runners.map((r) => r.stop(timeout)), ...this.watchers.map((w) => w.stop())]);
    if (!this.nc) return;
    if (this.ownsConnection) await this.nc.drain();
    else await this.nc.flush();
    this._status$.next('disconnected');
  }

  /** Registers a listener for NATS connection status events (`reconnect`, `disconnect`, …). */
  // The signature is the base class's, `Function` included.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    const nc = this.nc;
    if (!nc) throw new Error('JetStreamServer.on() is available after listen()');
    const listener = callback as unknown as (status: unknown) => void;
    void (async () => {
      for await (const status of nc.status()) if (status.type === event) listener(status);
    })();
  }

  /** The underlying NATS connection. */
  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamServer is not listening');
    return this.nc as T;
  }

  /** The metrics registry the consumers report to. */
  get metricsRegistry(): Registry {
    return this.registry;
  }
}
