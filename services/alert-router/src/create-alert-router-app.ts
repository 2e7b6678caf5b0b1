// Builds the alert router: a Nest app on Fastify (API, health, metrics) with the JetStream consumer
// connected as a hybrid microservice that starts only when this replica becomes leader.
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CONSUMERS, IssueActivitySchema, STREAMS } from '@faultline/contracts';
import { JetStreamExceptionFilter, JetStreamServer, consumerPolicyFromEnv } from '@faultline/platform-messaging';
import { METRICS_REGISTRY } from '@faultline/platform-metrics';
import type { Registry } from 'prom-client';
import type { AlertRouterConfig } from './alert-router.config.js';
import { AlertRouterModule, RouterRuntime } from './alert-router.module.js';
import { type LoadedConfig } from './config/alerting-config-source.js';

/** Creates the app; call `start` to listen and compete for leadership. */
export async function createAlertRouterApp(config: AlertRouterConfig, loaded: LoadedConfig): Promise<{ app: NestFastifyApplication; start: () => Promise<void> }> {
  const adapter = new FastifyAdapter({ bodyLimit: 32 * 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(AlertRouterModule.forRoot(config, loaded), adapter, { bufferLogs: true });
  // Not SIGHUP: that one reloads the configuration (Nest would otherwise shut down on it).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const consumer = CONSUMERS['alert-router'];
  app.connectMicroservice<MicroserviceOptions>({
    strategy: new JetStreamServer({
      servers: config.NATS_URL, name: 'faultline-alert-router-consumer', namespace: config.NATS_STREAM_PREFIX,
      streams: [STREAMS.ISSUES, STREAMS.DLQ].map((s) => ({ ...s, subjects: [...s.subjects] })),
      consumers: [{
        durable: consumer.durable, stream: consumer.stream, filterSubject: consumer.filterSubject, schema: IssueActivitySchema,
        deadLetterSubject: consumer.deadLetterSubject, policy: consumerPolicyFromEnv(config),
      }],
      registry: app.get<Registry>(METRICS_REGISTRY), streamReplicas: config.NATS_STREAM_REPLICAS, drainTimeoutMs: config.CONSUMER_DRAIN_TIMEOUT,
    }),
  }, { inheritAppConfig: true });
  app.useGlobalFilters(new JetStreamExceptionFilter());
  const runtime = app.get(RouterRuntime);
  runtime.onLeadership(async () => {
    await app.startAllMicroservices();
  });
  return {
    app,
    start: async () => {
      await app.listen(config.ALERT_ROUTER_PORT, config.ALERT_ROUTER_HOST);
      runtime.startLease();
    },
  };
}
