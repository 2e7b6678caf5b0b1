// A running enrichment service on real NATS, PostgreSQL and s3rver for the integration tests: a
// fresh schema with one project and an upload token, a fresh stream namespace, the app on a free
// port, a way to feed IngestedEvents into `events.ingested.<project>` and to read what was
// published on `events.enriched.<project>`.
import 'reflect-metadata';
import { create, decodeMessage, EnrichedEventSchema, IngestedEventSchema, subjectFor, timestampFromDate, type EnrichedEvent, type SentryEvent } from '@faultline/contracts';
import { JetStreamPublisher, Namespace } from '@faultline/platform-messaging';
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { PROJECTS_ENTITIES, ProjectsStore, type ProjectRecord } from '@faultline/platform-projects';
import { cleanupStreams, createTestSchema, serviceEnv, startS3rver, testNatsUrl, uniqueId, type StartedS3rver, type TestSchema } from '@faultline/platform-testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { createEnrichmentApp, ENRICHMENT_MIGRATIONS, loadEnrichmentConfig, startEnrichmentApp, type EnrichmentConfig } from '../src/index.js';

/** One enrichment service under test. */
export interface Service {
  url: string;
  project: ProjectRecord;
  /** An API token with the project:releases scope. */
  token: string;
  store: ProjectsStore;
  ds: DataSource;
  config: EnrichmentConfig;
  prefix: string;
  app: NestFastifyApplication;
  s3: StartedS3rver;
  /** Publishes `event` as an IngestedEvent of the project (or `projectId`). */
  ingest(event: SentryEvent, extra?: { projectId?: string; userAgent?: string; clientIp?: string; traceparent?: string }): Promise<void>;
  /** Every EnrichedEvent published so far, with its headers. */
  enriched(): Promise<{ subject: string; headers: Record<string, string>; event: EnrichedEvent }[]>;
  /** Waits for the enriched copy of `eventId`. */
  waitFor(eventId: string, ms?: number): Promise<EnrichedEvent>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** Starts the service; `env` overrides configuration. */
export async function startService(env: Record<string, string> = {}): Promise<Service> {
  const schema: TestSchema = await createTestSchema();
  const s3 = await startS3rver();
  const prefix = uniqueId('enr');
  const ds = createDataSource({ url: schema.url, schema: schema.schema, entities: PROJECTS_ENTITIES, migrations: ENRICHMENT_MIGRATIONS });
  await ds.initialize();
  await runMigrations(ds);
  const store = new ProjectsStore(ds);
  const { project } = await store.createProject({ slug: 'web' });
  const { token } = await store.createApiToken({ name: 'ci', scopes: ['project:releases'] });
  const config = loadEnrichmentConfig({
    ...serviceEnv({ prefix, schema, s3: { ...s3, bucket: 'artifacts' }, logLevel: 'warn' }),
    ENRICHMENT_PORT: '0',
    ENRICHMENT_HOST: '127.0.0.1',
    CONSUMER_BACKOFF: '200ms',
    ...env,
  });
  const app = await createEnrichmentApp(config);
  app.useLogger(['error']);
  await startEnrichmentApp(app, 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const nc: NatsConnection = await connect({ servers: config.NATS_URL });
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const publisher = new JetStreamPublisher(nc, new Namespace(prefix));
  const service: Service = {
    url,
    project,
    token,
    store,
    ds,
    config,
    prefix,
    app,
    s3,
    async ingest(event, extra = {}) {
      const projectId = extra.projectId ?? String(project.id);
      const ingested = create(IngestedEventSchema, {
        projectId,
        eventId: event.eventId,
        receivedAt: timestampFromDate(new Date()),
        client: { sdkName: 'sentry.javascript.browser', sdkVersion: '11.12.0', userAgent: extra.userAgent ?? '', clientIp: extra.clientIp ?? '' },
        event,
      });
      await publisher.publish(subjectFor('eventsIngested', projectId), IngestedEventSchema, ingested, { msgId: `${projectId}:${event.eventId}`, headers: extra.traceparent ? { traceparent: extra.traceparent } : {} });
    },
    enriched: () => readEnriched(jsm, prefix),
    async waitFor(eventId, ms = 15_000) {
      const end = Date.now() + ms;
      for (;;) {
        const hit = (await readEnriched(jsm, prefix)).find((m) => m.event.eventId === eventId);
        if (hit) return hit.event;
        if (Date.now() > end) throw new Error(`no enriched event ${eventId} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async metrics() {
      return (await fetch(`${url}/metrics`)).text();
    },
    async close() {
      await app.close();
      await nc.drain();
      await ds.destroy();
      await schema.drop();
      await s3.stop();
      await cleanupStreams(testNatsUrl(), `${prefix}_`);
    },
  };
  return service;
}

async function readEnriched(jsm: JetStreamManager, prefix: string) {
  const stream = `${prefix}_EVENTS`;
  const info = await jsm.streams.info(stream);
  const out = [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (!m || !m.subject.startsWith(`${prefix}.events.enriched.`)) continue;
    const headers: Record<string, string> = {};
    for (const [k, v] of m.header ?? []) headers[k] = v.join(', ');
    out.push({ subject: m.subject.slice(prefix.length + 1), headers, event: decodeMessage(EnrichedEventSchema, m.data) });
  }
  return out;
}

/** Reads one metric value from Prometheus text. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').pop()) : 0;
}
