// Builds the github-issues application: Fastify with raw JSON bodies (the webhook signature is
// over the exact bytes) and the JetStream consumer of notify.github.> as a hybrid microservice.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CONSUMERS, NotificationSchema, STREAMS } from '@faultline/contracts';
import { JetStreamExceptionFilter, JetStreamServer, consumerPolicyFromEnv, type StreamSpec } from '@faultline/platform-messaging';
import type { GithubIssuesConfig } from './github-issues.config.js';
import { GithubIssuesModule } from './github-issues.module.js';

const MiB = 1024 * 1024;

function streamSpec(name: keyof typeof STREAMS): StreamSpec {
  const s = STREAMS[name];
  return { name: s.name, subjects: [...s.subjects], description: s.description, retention: s.retention, storage: s.storage, maxAgeMs: s.maxAgeMs, duplicateWindowMs: s.duplicateWindowMs };
}

/** Creates (but does not start listening) the service. */
export async function createGithubIssuesApp(config: GithubIssuesConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: 5 * MiB });
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const app = await NestFactory.create<NestFastifyApplication>(GithubIssuesModule.forRoot(config), adapter, { bodyParser: false, bufferLogs: true });
  const consumer = CONSUMERS['github-issues'];
  app.connectMicroservice(
    {
      strategy: new JetStreamServer({
        servers: config.NATS_URL,
        name: 'faultline-github-issues-consumer',
        namespace: config.NATS_STREAM_PREFIX,
        streamReplicas: config.NATS_STREAM_REPLICAS,
        streams: [streamSpec('NOTIFY'), streamSpec('ISSUES'), streamSpec('DLQ')],
        consumers: [
          {
            durable: consumer.durable,
            stream: consumer.stream,
            filterSubject: consumer.filterSubject,
            schema: NotificationSchema,
            deadLetterSubject: consumer.deadLetterSubject,
            // Rate limits nak messages for as long as GitHub needs: they are never dropped for
            // running out of deliveries. Permanent failures are rejected to the DLQ explicitly.
            policy: { ...consumerPolicyFromEnv(config), maxDeliver: -1 },
          },
        ],
        drainTimeoutMs: config.CONSUMER_DRAIN_TIMEOUT,
      }),
    },
    { inheritAppConfig: true },
  );
  app.useGlobalFilters(new JetStreamExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
