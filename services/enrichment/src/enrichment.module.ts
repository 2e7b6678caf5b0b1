// Wiring of the enrichment service: configuration, logs, metrics, PostgreSQL (projects, API
// tokens, the artifact index), object storage (artifact bytes), the JetStream publisher, the
// consumer controller and the sentry-cli compatible upload API.
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG } from '@faultline/platform-config';
import { HealthModule } from '@faultline/platform-health';
import { LoggingModule } from '@faultline/platform-logging';
import { MessagingModule, NATS_CONNECTION, natsReadiness } from '@faultline/platform-messaging';
import { METRICS_REGISTRY, MetricsModule } from '@faultline/platform-metrics';
import { DATA_SOURCE, PersistenceModule, postgresReadiness } from '@faultline/platform-persistence';
import { PROJECTS_ENTITIES, ProjectsStore } from '@faultline/platform-projects';
import { OBJECT_STORAGE, StorageModule, storageReadiness, type ObjectStorage } from '@faultline/platform-storage';
import { MapCache } from '@faultline/sourcemaps';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ArtifactIndex } from '@faultline/platform-artifacts';
import { ENRICHMENT_MIGRATIONS } from './artifacts/migrations.js';
import { StoredArtifactSource } from './artifacts/stored-artifact-source.js';
import type { EnrichmentConfig } from './enrichment.config.js';
import { EnrichmentController } from './pipeline/enrichment.controller.js';
import { EnrichmentMetrics } from './pipeline/enrichment-metrics.js';
import { Enricher } from './pipeline/enricher.js';
import { ProjectSettingsCache } from './pipeline/project-settings.js';
import { UploadMetrics } from './upload/upload-metrics.js';
import { ChunkSweeper } from './upload/chunk-sweeper.js';
import { UploadRoutes } from './upload/upload-routes.js';
import { UploadService } from './upload/upload-service.js';

/** The enrichment application module. */
@Module({})
export class EnrichmentModule {
  static forRoot(config: EnrichmentConfig): DynamicModule {
    return {
      module: EnrichmentModule,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, name: 'enrichment' }),
        MetricsModule.forRoot(),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            entities: PROJECTS_ENTITIES,
            migrations: ENRICHMENT_MIGRATIONS,
            applicationName: 'faultline-enrichment',
            poolSize: 8,
          }),
        }),
        StorageModule.forRootAsync({
          useFactory: () => ({
            endpoint: config.S3_ENDPOINT,
            accessKey: config.S3_ACCESS_KEY,
            secretKey: config.S3_SECRET_KEY,
            bucket: config.S3_BUCKET,
            region: config.S3_REGION,
          }),
          ensureBucket: true,
        }),
        MessagingModule.forRootAsync({
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => ({
            servers: config.NATS_URL,
            name: 'faultline-enrichment',
            namespace: config.NATS_STREAM_PREFIX,
            publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT,
            registry,
          }),
        }),
        HealthModule.forRootAsync({
          inject: [NATS_CONNECTION, DATA_SOURCE, OBJECT_STORAGE],
          useFactory: (nc: NatsConnection, ds: DataSource, storage: ObjectStorage) => ({
            checks: [natsReadiness(nc), postgresReadiness(ds), storageReadiness(storage)],
          }),
        }),
      ],
      controllers: [EnrichmentController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: ProjectsStore, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new ProjectsStore(ds) },
        { provide: ArtifactIndex, inject: [DATA_SOURCE, OBJECT_STORAGE], useFactory: (ds: DataSource, s: ObjectStorage) => new ArtifactIndex(ds, s) },
        { provide: MapCache, useFactory: () => new MapCache({ maxBytes: config.ENRICHMENT_MAP_CACHE_BYTES }) },
        { provide: EnrichmentMetrics, inject: [METRICS_REGISTRY, MapCache], useFactory: (r: Registry, cache: MapCache) => new EnrichmentMetrics(r, cache) },
        {
          provide: StoredArtifactSource,
          inject: [ArtifactIndex, EnrichmentMetrics],
          useFactory: (index: ArtifactIndex, metrics: EnrichmentMetrics) =>
            new StoredArtifactSource(index, { ttlMs: config.ENRICHMENT_ARTIFACT_INDEX_TTL, maxBytes: config.ENRICHMENT_MAX_MAP_BYTES, onQuery: () => metrics.indexQueries.inc() }),
        },
        {
          provide: Enricher,
          inject: [StoredArtifactSource, MapCache, ProjectsStore],
          useFactory: (source: StoredArtifactSource, cache: MapCache, store: ProjectsStore) => {
            const settings = new ProjectSettingsCache(store, config.ENRICHMENT_PROJECT_CACHE_TTL);
            return new Enricher({
              source,
              cache,
              maxMapBytes: config.ENRICHMENT_MAX_MAP_BYTES,
              inAppExclude: config.ENRICHMENT_NOT_IN_APP,
              pii: config.ENRICHMENT_PII,
              projectSettings: (id) => settings.get(id),
            });
          },
        },
        { provide: UploadMetrics, inject: [METRICS_REGISTRY], useFactory: (r: Registry) => new UploadMetrics(r) },
        {
          provide: UploadService,
          inject: [ArtifactIndex, ProjectsStore, UploadMetrics, StoredArtifactSource],
          useFactory: (index: ArtifactIndex, store: ProjectsStore, metrics: UploadMetrics, source: StoredArtifactSource) =>
            new UploadService(config, index, store, metrics, () => source.invalidate()),
        },
        UploadRoutes,
        ChunkSweeper,
      ],
    };
  }
}
