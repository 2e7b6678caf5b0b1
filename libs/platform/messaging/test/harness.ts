// Test harness for the transport: a fresh namespace on the real NATS server, its
// streams, and in-process replicas (Nest microservices using JetStreamServer).
import 'reflect-metadata';
import { Controller, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { cleanupStreams, testNatsUrl, uniqueId } from '@faultline/platform-testing';
import { Registry } from 'prom-client';
import {
  JetStreamExceptionFilter,
  JetStreamPublisher,
  JetStreamServer,
  Namespace,
  provisionStream,
  type ConsumerBinding,
  type JetStreamContext,
  type JetStreamServerOptions,
  type SettledDelivery,
  type StreamSpec,
} from '../src/index.js';

/** The streams every transport test uses (logical names). */
export const TEST_STREAMS: StreamSpec[] = [
  { name: 'WORK', subjects: ['work.>'], duplicateWindowMs: 60_000, maxAgeMs: 3_600_000 },
  { name: 'DLQ', subjects: ['dlq.>'], maxAgeMs: 3_600_000 },
];

/** A test's own namespace on the real server, with a publisher and a manager. */
export interface Harness {
  natsUrl: string;
  prefix: string;
  namespace: Namespace;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  publisher: JetStreamPublisher;
  close(): Promise<void>;
}

/** Creates a fresh namespace and provisions TEST_STREAMS in it. */
export async function createHarness(): Promise<Harness> {
  const natsUrl = testNatsUrl();
  const prefix = uniqueId('m');
  const namespace = new Namespace(prefix);
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  for (const spec of TEST_STREAMS) {
    await provisionStream(jsm, { ...spec, name: namespace.stream(spec.name), subjects: spec.subjects.map((s) => namespace.subject(s)) });
  }
  return {
    natsUrl,
    prefix,
    namespace,
    nc,
    js,
    jsm,
    publisher: new JetStreamPublisher(nc, namespace, 5_000),
    async close() {
      await nc.drain();
      await cleanupStreams(natsUrl, `${prefix}_`);
    },
  };
}

/** What a test handler does with one message. */
export type Behaviour = (payload: unknown, ctx: JetStreamContext) => unknown;

/** One in-process replica. */
export interface Replica {
  server: JetStreamServer;
  settled: SettledDelivery[];
  registry: Registry;
  close(): Promise<void>;
}

const BEHAVIOUR = Symbol('behaviour');

/** Starts a Nest microservice whose `@EventPattern('work.>')` handler runs `behaviour`. */
export async function startReplica(
  h: Harness,
  behaviour: Behaviour,
  binding: Partial<ConsumerBinding> = {},
  extra: Partial<JetStreamServerOptions> = {},
): Promise<Replica> {
  @Controller()
  class WorkController {
    constructor(@Inject(BEHAVIOUR) private readonly run: Behaviour) {}

    @EventPattern('work.>')
    handle(@Payload() payload: unknown, @Ctx() ctx: unknown) {
      return this.run(payload, ctx as JetStreamContext);
    }
  }
  @Module({ controllers: [WorkController], providers: [{ provide: BEHAVIOUR, useValue: behaviour }] })
  class WorkModule {}

  const settled: SettledDelivery[] = [];
  const registry = new Registry();
  const server = new JetStreamServer({
    servers: h.natsUrl,
    namespace: h.prefix,
    streams: TEST_STREAMS,
    consumers: [{ durable: 'worker', stream: 'WORK', filterSubject: 'work.>', ...binding }],
    registry,
    onSettled: (d) => settled.push(d),
    ...extra,
  });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(WorkModule, { strategy: server, logger: false });
  app.useGlobalFilters(new JetStreamExceptionFilter());
  try {
    await app.listen();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { server, settled, registry, close: () => app.close() };
}

/** Publishes `count` JSON messages `{ n }` to `work.<n % 4>`, `concurrency` at a time. */
export async function publishWork(h: Harness, count: number, concurrency = 64): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await h.publisher.publishRaw(`work.${n % 4}`, JSON.stringify({ n }), { msgId: `work-${n}` });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Resolves when `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Reads every message currently in the namespaced DLQ stream. */
export async function readDeadLetters(h: Harness): Promise<{ subject: string; headers: Record<string, string>; body: Record<string, unknown> }[]> {
  const stream = h.namespace.stream('DLQ');
  const info = await h.jsm.streams.info(stream);
  const out = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await h.jsm.streams.getMessage(stream, { seq });
    if (!m) continue;
    const headers: Record<string, string> = {};
    for (const [k, v] of m.header ?? []) headers[k] = v.join(', ');
    out.push({ subject: m.subject, headers, body: m.json<Record<string, unknown>>() });
  }
  return out;
}

/** Per-test state of a suite that runs in-process replicas against a fresh namespace. */
export interface InProcessSuite {
  /** The current test's harness (a fresh namespace). */
  readonly h: Harness;
  /** Starts a replica in this test's namespace; it is closed after the test. */
  start(behaviour: Behaviour, binding?: Partial<ConsumerBinding>, extra?: Partial<JetStreamServerOptions>): Promise<Replica>;
}

/** Registers beforeEach/afterEach giving every test a fresh namespace and closing its replicas. Call inside `describe`. */
export function useInProcessSuite(): InProcessSuite {
  let harness: Harness | undefined;
  const running: Replica[] = [];
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close();
    await harness?.close();
  });
  return {
    get h() {
      if (!harness) throw new Error('useInProcessSuite: no test is running');
      return harness;
    },
    async start(behaviour, binding, extra) {
      const replica = await startReplica(this.h, behaviour, binding, extra);
      running.push(replica);
      return replica;
    },
  };
}
