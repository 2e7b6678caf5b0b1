// A running ingest gateway on real NATS and PostgreSQL for the integration tests: a fresh
// schema with one project, a fresh stream namespace, the app on a free port, and a way to
// read what it stored on `events.ingested.<project>`.
import 'reflect-metadata';
import { decodeMessage, IngestedEventSchema, type IngestedEvent } from '@faultline/contracts';
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { formatDsn, PROJECTS_ENTITIES, PROJECTS_MIGRATIONS, ProjectsStore, type ProjectKeyRecord, type ProjectRecord } from '@faultline/platform-projects';
import { cleanupStreams, createTestSchema, testNatsUrl, uniqueId, type TestSchema } from '@faultline/platform-testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { createIngestApp, loadIngestConfig, type IngestConfig } from '../src/index.js';

/** One gateway under test. */
export interface Gateway {
  url: string;
  dsn: string;
  project: ProjectRecord;
  key: ProjectKeyRecord;
  store: ProjectsStore;
  config: IngestConfig;
  prefix: string;
  app: NestFastifyApplication;
  /** Every message stored on the namespaced events.ingested subjects, decoded. */
  ingested(): Promise<{ subject: string; headers: Record<string, string>; event: IngestedEvent }[]>;
  /** The gateway's /metrics text. */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** Starts a gateway; `env` overrides configuration (e.g. limits). */
export async function startGateway(env: Record<string, string> = {}): Promise<Gateway> {
  const schema: TestSchema = await createTestSchema();
  const prefix = uniqueId('ing');
  const ds: DataSource = createDataSource({ url: schema.url, schema: schema.schema, entities: PROJECTS_ENTITIES, migrations: PROJECTS_MIGRATIONS });
  await ds.initialize();
  await runMigrations(ds);
  const store = new ProjectsStore(ds);
  const { project, key } = await store.createProject({ slug: 'web' });
  const config = loadIngestConfig({
    NATS_URL: testNatsUrl(),
    NATS_STREAM_PREFIX: prefix,
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    LOG_LEVEL: 'warn',
    INGEST_PORT: '0',
    INGEST_HOST: '127.0.0.1',
    INGEST_KEY_CACHE_REFRESH: '200ms',
    ...env,
  });
  const app = await createIngestApp(config);
  app.useLogger(false);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const nc: NatsConnection = await connect({ servers: config.NATS_URL });
  const jsm: JetStreamManager = await jetstreamManager(nc);
  return {
    url,
    dsn: formatDsn(url, key.publicKey, project.id),
    project,
    key,
    store,
    config,
    prefix,
    app,
    async ingested() {
      // Retried for a while: after a NATS restart (the outage test) this reader's own
      // connection may still be reconnecting while the gateway is already back.
      for (let attempt = 0; ; attempt++) {
        try {
          return await readIngested(jsm, prefix);
        } catch (error) {
          if (attempt >= 40) throw error;
          await new Promise((r) => setTimeout(r, 250));
        }
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
      await cleanupStreams(testNatsUrl(), `${prefix}_`);
    },
  };
}

/** Every message stored on the namespaced events.ingested subjects, decoded. */
async function readIngested(jsm: JetStreamManager, prefix: string) {
  const stream = `${prefix}_EVENTS`;
  const info = await jsm.streams.info(stream);
  const out = [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (!m || !m.subject.startsWith(`${prefix}.events.ingested.`)) continue;
    const headers: Record<string, string> = {};
    for (const [k, v] of m.header ?? []) headers[k] = v.join(', ');
    out.push({ subject: m.subject.slice(prefix.length + 1), headers, event: decodeMessage(IngestedEventSchema, m.data) });
  }
  return out;
}

/** Reads one counter value from Prometheus text. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Builds a minimal valid envelope with one event item, as the JS SDK serialises it. */
export function envelopeOf(event: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString(), ...header })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}`;
}

/** A browser-like error event. */
export function errorEvent(eventId: string, message = "Cannot read properties of undefined (reading 'id')"): Record<string, unknown> {
  return {
    event_id: eventId,
    timestamp: Date.now() / 1_000,
    platform: 'javascript',
    level: 'error',
    release: 'web@1.0.0',
    exception: {
      values: [
        {
          type: 'TypeError',
          value: message,
          mechanism: { type: 'auto.browser.global_handlers.onerror', handled: false },
          stacktrace: {
            frames: [
              { filename: 'https://app.example.com/static/js/main.3f9a1c.js', function: 'HTMLButtonElement.onClick', lineno: 1, colno: 48213, in_app: true },
              { filename: 'https://app.example.com/static/js/main.3f9a1c.js', function: 'renderCart', lineno: 1, colno: 51002, in_app: true },
            ],
          },
        },
      ],
    },
    sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
  };
}
