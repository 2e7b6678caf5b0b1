// Builds the clustering application: Fastify HTTP (health, metrics) plus the JetStream
// consumers of `events.enriched.>` and `issues.commands.>` as a hybrid microservice.
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CONSUMERS, IssueCommandSchema, STREAMS } from '@faultline/contracts';
import { consumerPolicyFromEnv, JetStreamExceptionFilter, JetStreamServer, NATS_CONNECTION, type SettleObserver } from '@faultline/platform-messaging';
import { METRICS_REGISTRY } from '@faultline/platform-metrics';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { ClusteringConfig } from './clustering.config.js';
import { ClusteringModule } from './clustering.module.js';
import { decodeEnrichedForClustering } from './pipeline/event-decoder.js';

/** Test hooks of createClusteringApp. */
export interface ClusteringAppOptions {
  onSettled?: SettleObserver;
}

/** Creates (but does not start) the clustering service; `startClusteringApp` starts HTTP and the consumers. */
export async function createClusteringApp(config: ClusteringConfig, options: ClusteringAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } });
  const app = await NestFactory.create<NestFastifyApplication>(ClusteringModule.forRoot(config), adapter, { bufferLogs: true });
  const policy = consumerPolicyFromEnv(config);
  const events = CONSUMERS.clustering;
  const commands = CONSUMERS['clustering-commands'];
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new JetStreamServer({
        connection: app.get<NatsConnection>(NATS_CONNECTION),
        namespace: config.NATS_STREAM_PREFIX,
        streams: [STREAMS.EVENTS, STREAMS.ISSUES, STREAMS.DLQ].map((s) => ({ ...s, subjects: [...s.subjects] })),
        consumers: [
          {
            durable: events.durable,
            stream: events.stream,
            filterSubject: events.filterSubject,
            deadLetterSubject: events.deadLetterSubject,
            decode: decodeEnrichedForClustering,
            policy,
          },
          {
            durable: commands.durable,
            stream: commands.stream,
            filterSubject: commands.filterSubject,
            deadLetterSubject: commands.deadLetterSubject,
            schema: IssueCommandSchema,
            // Commands are rare and each is one small transaction: no batching, modest concurrency.
            policy: { ...policy, concurrency: Math.min(policy.concurrency, 8), prefetch: Math.min(policy.prefetch ?? 16, 16) },
          },
        ],
        registry: app.get<Registry>(METRICS_REGISTRY),
        drainTimeoutMs: config.CONSUMER_DRAIN_TIMEOUT,
        publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT,
        streamReplicas: config.NATS_STREAM_REPLICAS,
        onSettled: options.onSettled,
      }),
    },
    { inheritAppConfig: true },
  );
  app.useGlobalFilters(new JetStreamExceptionFilter());
  app.enableShutdownHooks();
  return app;
}

/** Starts the consumers and the HTTP server. */
export async function startClusteringApp(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(port, host);
}
