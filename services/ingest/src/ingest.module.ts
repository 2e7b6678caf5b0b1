// Wiring of the ingest gateway: configuration, logs, metrics, the project-key cache
// (PostgreSQL, read in the background), the JetStream publisher and the HTTP endpoints.
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { STREAMS } from '@faultline/contracts';
import { APP_CONFIG } from '@faultline/platform-config';
import { HealthModule } from '@faultline/platform-health';
import { LoggingModule } from '@faultline/platform-logging';
import { JetStreamPublisher, MessagingModule, NATS_CONNECTION, NATS_NAMESPACE, natsReadiness, provisionStream, type Namespace } from '@faultline/platform-messaging';
import { METRICS_REGISTRY, MetricsModule } from '@faultline/platform-metrics';
import { DATA_SOURCE, PersistenceModule, postgresReadiness } from '@faultline/platform-persistence';
import { PROJECTS_ENTITIES, PROJECTS_MIGRATIONS, ProjectKeyCache, ProjectsStore } from '@faultline/platform-projects';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { IngestConfig } from './ingest.config.js';
import { IngestPipeline } from './ingest-pipeline.js';
import { IngestRoutes } from './ingest-routes.js';
import { IngestMetrics } from './outcomes.js';
import { RateLimiter } from './rate-limiter.js';

/** Starts the key cache before the first request and stops it on shutdown. */
@Injectable()
class KeyCacheLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(ProjectKeyCache) private readonly cache: ProjectKeyCache) {}
  async onModuleInit(): Promise<void> {
    await this.cache.start();
  }
  onApplicationShutdown(): void {
    this.cache.stop();
  }
}

/** Creates the EVENTS stream if needed: ingest must be able to store events from its first request. */
@Injectable()
class EventsStream implements OnModuleInit {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NATS_NAMESPACE) private readonly ns: Namespace,
    @Inject(APP_CONFIG) private readonly config: IngestConfig,
  ) {}
  async onModuleInit(): Promise<void> {
    const s = STREAMS.EVENTS;
    await provisionStream(await jetstreamManager(this.nc), {
      name: this.ns.stream(s.name),
      subjects: s.subjects.map((subject) => this.ns.subject(subject)),
      description: s.description,
      retention: s.retention,
      storage: s.storage,
      maxAgeMs: s.maxAgeMs,
      duplicateWindowMs: s.duplicateWindowMs,
      replicas: this.config.NATS_STREAM_REPLICAS,
    });
  }
}

/** The ingest gateway application module. */
@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        // The event routes (ingest-routes.ts) sit outside Nest's router, so they write no
        // per-request log lines: outcomes are counted in metrics, refusals logged at debug.
        LoggingModule.forRoot({ level: config.LOG_LEVEL, name: 'ingest', requestLogging: false }),
        MetricsModule.forRoot(),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            entities: PROJECTS_ENTITIES,
            migrations: PROJECTS_MIGRATIONS,
            applicationName: 'faultline-ingest',
            poolSize: 4,
          }),
        }),
        MessagingModule.forRootAsync({
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => ({
            servers: config.NATS_URL,
            name: 'faultline-ingest',
            namespace: config.NATS_STREAM_PREFIX,
            publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT,
            registry,
          }),
        }),
        HealthModule.forRootAsync({
          inject: [NATS_CONNECTION, DATA_SOURCE],
          useFactory: (nc: NatsConnection, ds: DataSource) => ({ checks: [natsReadiness(nc), postgresReadiness(ds)] }),
        }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: ProjectsStore, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new ProjectsStore(ds) },
        {
          provide: ProjectKeyCache,
          inject: [ProjectsStore, METRICS_REGISTRY],
          useFactory: (store: ProjectsStore, registry: Registry) => new ProjectKeyCache(store, { refreshMs: config.INGEST_KEY_CACHE_REFRESH, registry }),
        },
        { provide: RateLimiter, useFactory: () => new RateLimiter(config.INGEST_REPLICAS) },
        { provide: IngestMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new IngestMetrics(registry) },
        {
          provide: IngestPipeline,
          inject: [ProjectKeyCache, RateLimiter, JetStreamPublisher, IngestMetrics],
          useFactory: (keys: ProjectKeyCache, limiter: RateLimiter, publisher: JetStreamPublisher, metrics: IngestMetrics) =>
            new IngestPipeline(config, keys, limiter, publisher, metrics),
        },
        IngestRoutes,
        KeyCacheLifecycle,
        EventsStream,
      ],
    };
  }
}
