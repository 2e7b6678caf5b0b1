// Builds the enrichment application: Fastify HTTP (upload API, health, metrics) plus the
// JetStream consumer of `events.ingested.>` as a hybrid microservice.
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CONSUMERS, STREAMS } from '@faultline/contracts';
import { consumerPolicyFromEnv, JetStreamExceptionFilter, JetStreamServer, NATS_CONNECTION } from '@faultline/platform-messaging';
import { METRICS_REGISTRY } from '@faultline/platform-metrics';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { EnrichmentConfig } from './enrichment.config.js';
import { EnrichmentModule } from './enrichment.module.js';
import { decodeIngestedJson } from './pipeline/ingested-decoder.js';

/** Creates (but does not start) the enrichment service; `listen()` starts HTTP and the consumer. */
export async function createEnrichmentApp(config: EnrichmentConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.ENRICHMENT_MAX_UPLOAD_BYTES,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(EnrichmentModule.forRoot(config), adapter, { bufferLogs: true });
  const consumer = CONSUMERS.enrichment;
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new JetStreamServer({
        connection: app.get<NatsConnection>(NATS_CONNECTION),
        namespace: config.NATS_STREAM_PREFIX,
        streams: [STREAMS.EVENTS, STREAMS.DLQ].map((s) => ({ ...s, subjects: [...s.subjects] })),
        consumers: [
          {
            durable: consumer.durable,
            stream: consumer.stream,
            filterSubject: consumer.filterSubject,
            deadLetterSubject: consumer.deadLetterSubject,
            // Canonical JSON kept as parsed: the event is republished, not read into a message.
            decode: decodeIngestedJson,
            policy: consumerPolicyFromEnv(config),
          },
        ],
        registry: app.get<Registry>(METRICS_REGISTRY),
        drainTimeoutMs: config.CONSUMER_DRAIN_TIMEOUT,
        publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT,
        streamReplicas: config.NATS_STREAM_REPLICAS,
      }),
    },
    { inheritAppConfig: true },
  );
  app.useGlobalFilters(new JetStreamExceptionFilter());
  app.enableShutdownHooks();
  return app;
}

/** Starts the consumer and the HTTP server. */
export async function startEnrichmentApp(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(port, host);
}
