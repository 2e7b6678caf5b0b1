// Clustering replicas on the real NATS, PostgreSQL and an s3rver for the integration tests:
// one fresh schema (migrated), one stream namespace and one bucket per suite, replicas as
// in-process Nest applications, and readers for what they published.
import 'reflect-metadata';
import {
  create,
  decodeMessage,
  EnrichedEventSchema,
  encodeMessage,
  IssueActivitySchema,
  IssueCommandSchema,
  subjectFor,
  type IssueActivity,
  type MessageInitShape,
} from '@faultline/contracts';
import { JetStreamPublisher, Namespace } from '@faultline/platform-messaging';
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { ObjectStorage } from '@faultline/platform-storage';
import { cleanupStreams, createTestSchema, serviceEnv, testNatsUrl, uniqueId, type TestSchema } from '@faultline/platform-testing';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { startS3rverChild, type S3rverChild } from './support/s3rver-child.js';
import { ClusteringPipeline, CLUSTERING_MIGRATIONS, createClusteringApp, loadClusteringConfig, RetentionJob, startClusteringApp, type ClusteringConfig } from '../src/index.js';

/** One clustering replica. */
export interface Replica {
  app: NestFastifyApplication;
  pipeline: ClusteringPipeline;
  retention: RetentionJob;
  url: string;
  close(): Promise<void>;
}

/** A suite's environment. */
export interface Suite {
  prefix: string;
  ds: DataSource;
  storage: ObjectStorage;
  nc: NatsConnection;
  jsm: JetStreamManager;
  publisher: JetStreamPublisher;
  config(env?: Record<string, string>): ClusteringConfig;
  startReplica(env?: Record<string, string>): Promise<Replica>;
  /** Publishes an enriched event (Nats-Msg-Id = `msgId`, default the event id). */
  publishEvent(event: MessageInitShape<typeof EnrichedEventSchema>, msgId?: string): Promise<void>;
  /** Publishes a command (Nats-Msg-Id = `msgId`, default its delivery id). */
  publishCommand(command: MessageInitShape<typeof IssueCommandSchema>, msgId?: string): Promise<void>;
  /** Every activity stored so far, in stream order. */
  activities(): Promise<IssueActivity[]>;
  /** Number of dead letters of a consumer. */
  deadLetters(consumer: string): Promise<number>;
  close(): Promise<void>;
}

/** Creates the suite's schema, namespace, bucket and publisher. */
export async function createSuite(): Promise<Suite> {
  const schema: TestSchema = await createTestSchema();
  // s3rver runs in its own process: in this one it would share the event loop of both replicas.
  const s3: S3rverChild = await startS3rverChild();
  const prefix = uniqueId('clu');
  const ds = createDataSource({ url: schema.url, schema: schema.schema, entities: [], migrations: CLUSTERING_MIGRATIONS });
  await ds.initialize();
  await runMigrations(ds);
  const bucket = 'faultline-events';
  const storage = new ObjectStorage({ endpoint: s3.endpoint, accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey, bucket });
  const nc = await connect({ servers: testNatsUrl() });
  const jsm = await jetstreamManager(nc);
  const publisher = new JetStreamPublisher(nc, new Namespace(prefix), 10_000);
  const replicas: Replica[] = [];
  const config = (env: Record<string, string> = {}) =>
    loadClusteringConfig({
      ...serviceEnv({ prefix, schema, s3: { ...s3, bucket } }),
      CLUSTERING_PORT: '0',
      CLUSTERING_HOST: '127.0.0.1',
      CLUSTERING_RETENTION_INTERVAL: '0',
      CLUSTERING_SETTINGS_REFRESH: '200ms',
      CONSUMER_BACKOFF: '100ms',
      CONSUMER_ACK_WAIT: '10s',
      CONSUMER_MAX_DELIVER: '20',
      CONSUMER_DRAIN_TIMEOUT: '5s',
      ...env,
    });
  return {
    prefix,
    ds,
    storage,
    nc,
    jsm,
    publisher,
    config,
    async startReplica(env = {}) {
      const app = await createClusteringApp(config(env));
      app.useLogger(false);
      await startClusteringApp(app, 0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as { port: number };
      const replica: Replica = {
        app,
        pipeline: app.get(ClusteringPipeline),
        retention: app.get(RetentionJob),
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          const i = replicas.indexOf(replica);
          if (i >= 0) replicas.splice(i, 1);
          await app.close();
        },
      };
      replicas.push(replica);
      return replica;
    },
    async publishEvent(event, msgId) {
      const message = create(EnrichedEventSchema, event);
      await publisher.publishRaw(subjectFor('eventsEnriched', message.projectId), encodeMessage(EnrichedEventSchema, message), {
        msgId: msgId ?? message.eventId,
      });
    },
    async publishCommand(command, msgId) {
      const message = create(IssueCommandSchema, command);
      await publisher.publish(subjectFor('issuesCommands', message.projectId), IssueCommandSchema, message, {
        msgId: msgId ?? (message.deliveryId || uniqueId('cmd')),
      });
    },
    async activities() {
      const stream = `${prefix}_ISSUES`;
      const info = await jsm.streams.info(stream).catch(() => undefined);
      if (!info || info.state.messages === 0) return [];
      const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: `${prefix}.issues.activity.>` });
      const out: IssueActivity[] = [];
      const pending = (await consumer.info()).num_pending;
      while (out.length < pending) {
        const batch = await consumer.fetch({ max_messages: Math.min(1_000, pending - out.length), expires: 2_000 });
        let got = 0;
        for await (const m of batch) {
          out.push(decodeMessage(IssueActivitySchema, m.data));
          got++;
        }
        if (got === 0) break;
      }
      await consumer.delete().catch(() => {});
      return out;
    },
    async deadLetters(consumer) {
      const info = await jsm.streams.info(`${prefix}_DLQ`).catch(() => undefined);
      if (!info) return 0;
      const subject = `${prefix}.dlq.${consumer}`;
      const bySubject = await jsm.streams.info(`${prefix}_DLQ`, { subjects_filter: subject });
      return bySubject.state.subjects?.[subject] ?? 0;
    },
    async close() {
      for (const r of [...replicas]) await r.close();
      publisher.close();
      await nc.drain();
      await ds.destroy();
      await schema.drop();
      await s3.stop();
      await cleanupStreams(testNatsUrl(), `${prefix}_`);
    },
  };
}

/** Reads a counter or gauge sample from Prometheus text. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && want.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').pop()) : 0;
}
