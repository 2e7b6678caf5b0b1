// Wiring of the ingest gateway: configuration, logs, metrics, the project-key cache
// (PostgreSQL, read in the background), the JetStream publisher and the HTTP endpoints.
// Ingest reads two tables and writes none, so it talks to PostgreSQL through a plain
// node-postgres pool: TypeORM is never loaded in this process (about 20 MB less memory).
import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { STREAMS } from '@faultline/contracts';
import { APP_CONFIG } from '@faultline/platform-config';
import { HealthModule } from '@faultline/platform-health';
import { LoggingModule } from '@faultline/platform-logging';
import { JetStreamPublisher, MessagingModule, NATS_CONNECTION, NATS_NAMESPACE, natsReadiness, provisionStream, type Namespace } from '@faultline/platform-messaging';
import { METRICS_REGISTRY, MetricsModule } from '@faultline/platform-metrics';
import { createPgPool, pgPoolReadiness } from '@faultline/platform-persistence/pg';
import { PgSnapshotSource, ProjectKeyCache } from '@faultline/platform-projects/cache';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { IngestConfig } from './ingest.config.js';
import { IngestPipeline } from './ingest-pipeline.js';
import { IngestRoutes } from './ingest-routes.js';
import { IngestMetrics } from './outcomes.js';
import { RateLimiter } from './rate-limiter.js';

/** The PostgreSQL pool of the key cache and the readiness check. */
export const PG_POOL = Symbol('PG_POOL');

/** Provides PG_POOL to every module (the health checks are built in HealthModule's scope). */
@Global()
@Module({})
class PgPoolModule {
  static forRoot(config: IngestConfig): DynamicModule {
    const pool = {
      provide: PG_POOL,
      useFactory: () =>
        createPgPool({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, applicationName: 'faultline-ingest', poolSize: 4 }),
    };
    return { module: PgPoolModule, providers: [pool], exports: [pool] };
  }
}

/** Starts the key cache before the first request; stops it and closes the pool on shutdown. */
@Injectable()
class KeyCacheLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ProjectKeyCache) private readonly cache: ProjectKeyCache,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}
  async onModuleInit(): Promise<void> {
    await this.cache.start();
  }
  async onApplicationShutdown(): Promise<void> {
    this.cache.stop();
    await this.pool.end();
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
        PgPoolModule.forRoot(config),
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
          inject: [NATS_CONNECTION, PG_POOL],
          useFactory: (nc: NatsConnection, pool: pg.Pool) => ({ checks: [natsReadiness(nc), pgPoolReadiness(pool)] }),
        }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: ProjectKeyCache,
          inject: [PG_POOL, METRICS_REGISTRY],
          useFactory: (pool: pg.Pool, registry: Registry) =>
            new ProjectKeyCache(new PgSnapshotSource(pool), { refreshMs: config.INGEST_KEY_CACHE_REFRESH, registry }),
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
