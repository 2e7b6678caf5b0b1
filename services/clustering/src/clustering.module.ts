// Wiring of the clustering service: configuration, logs, metrics, PostgreSQL, object storage,
// NATS, the batch pipeline, the command consumer and the retention job.
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { STREAMS } from '@faultline/contracts';
import { APP_CONFIG } from '@faultline/platform-config';
import { HealthModule } from '@faultline/platform-health';
import { LoggingModule } from '@faultline/platform-logging';
import { JetStreamPublisher, MessagingModule, NATS_CONNECTION, natsReadiness } from '@faultline/platform-messaging';
import { METRICS_REGISTRY, MetricsModule } from '@faultline/platform-metrics';
import { DATA_SOURCE, PersistenceModule, postgresReadiness } from '@faultline/platform-persistence';
import { OBJECT_STORAGE, ObjectStorage, StorageModule, storageReadiness } from '@faultline/platform-storage';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ClusteringConfig } from './clustering.config.js';
import { ClusteringController } from './clustering.controller.js';
import { ClusteringMetrics } from './clustering-metrics.js';
import { CommandService } from './commands/command-service.js';
import { RetentionJob } from './jobs/retention-job.js';
import { BatchWriter } from './pipeline/batch-writer.js';
import { ClusteringPipeline } from './pipeline/clustering-pipeline.js';
import { SimilarityService } from './pipeline/similarity.js';
import { CLUSTERING_ENTITIES, CLUSTERING_MIGRATIONS } from './schema/index.js';
import { ProjectSettingsCache } from './settings/project-settings.js';

const log = new Logger('clustering');

/** Starts the settings cache, warms the similarity index and starts retention; stops them on shutdown. */
@Injectable()
class Lifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ProjectSettingsCache) private readonly settings: ProjectSettingsCache,
    @Inject(SimilarityService) private readonly similarity: SimilarityService,
    @Inject(RetentionJob) private readonly retention: RetentionJob,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: ClusteringConfig,
  ) {}
  async onModuleInit(): Promise<void> {
    await this.settings.start();
    const warmed = await this.similarity.warm(this.ds, this.config.CLUSTERING_SIMILARITY_MAX_GROUPS * 16);
    log.log(`similarity index warmed with ${warmed} recent group(s)`);
    this.retention.start();
  }
  async onApplicationShutdown(): Promise<void> {
    this.settings.stop();
    await this.retention.stop();
  }
}

/** The clustering application module. */
@Module({})
export class ClusteringModule {
  static forRoot(config: ClusteringConfig): DynamicModule {
    return {
      module: ClusteringModule,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, name: 'clustering' }),
        MetricsModule.forRoot(),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            entities: CLUSTERING_ENTITIES,
            migrations: CLUSTERING_MIGRATIONS,
            applicationName: 'faultline-clustering',
            poolSize: 8,
          }),
        }),
        StorageModule.forRootAsync({
          ensureBucket: config.CLUSTERING_ENSURE_BUCKET,
          useFactory: () => ({
            endpoint: config.S3_ENDPOINT,
            accessKey: config.S3_ACCESS_KEY,
            secretKey: config.S3_SECRET_KEY,
            bucket: config.S3_BUCKET,
            region: config.S3_REGION,
          }),
        }),
        MessagingModule.forRootAsync({
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => ({
            servers: config.NATS_URL,
            name: 'faultline-clustering',
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
      controllers: [ClusteringController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: ClusteringMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new ClusteringMetrics(registry) },
        {
          provide: ProjectSettingsCache,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) =>
            new ProjectSettingsCache(
              ds,
              {
                similarity: config.CLUSTERING_SIMILARITY_ENABLED,
                similarityThreshold: config.CLUSTERING_SIMILARITY_THRESHOLD,
                regression: config.CLUSTERING_REGRESSION,
                retentionDays: config.CLUSTERING_RETENTION_DAYS,
              },
              config.CLUSTERING_SETTINGS_REFRESH,
              (error) => log.warn((error as Error).message),
            ),
        },
        {
          provide: SimilarityService,
          inject: [ProjectSettingsCache],
          useFactory: (settings: ProjectSettingsCache) =>
            new SimilarityService((projectId) => {
              const s = settings.get(projectId);
              return s.similarity ? s.similarityThreshold : undefined;
            }, config.CLUSTERING_SIMILARITY_MAX_GROUPS),
        },
        {
          provide: BatchWriter,
          inject: [DATA_SOURCE, SimilarityService, ProjectSettingsCache],
          useFactory: (ds: DataSource, similarity: SimilarityService, settings: ProjectSettingsCache) =>
            new BatchWriter(ds, {
              similar: (e) => similarity.similar(e),
              regression: (projectId) => settings.get(projectId).regression,
              usersExactLimit: config.CLUSTERING_USERS_EXACT_LIMIT,
              republishWindowMs: STREAMS.ISSUES.duplicateWindowMs,
            }),
        },
        {
          provide: ClusteringPipeline,
          inject: [BatchWriter, OBJECT_STORAGE, JetStreamPublisher, SimilarityService, ClusteringMetrics],
          useFactory: (writer: BatchWriter, storage: ObjectStorage, publisher: JetStreamPublisher, similarity: SimilarityService, metrics: ClusteringMetrics) =>
            new ClusteringPipeline(
              {
                maxBatchEvents: config.CLUSTERING_BATCH_MAX_EVENTS,
                maxBatchWaitMs: config.CLUSTERING_BATCH_MAX_WAIT,
                batchParallel: config.CLUSTERING_BATCH_PARALLEL,
                objectConcurrency: config.CLUSTERING_OBJECT_CONCURRENCY,
                storeObjects: config.CLUSTERING_STORE_OBJECTS,
                objectGzipLevel: config.CLUSTERING_OBJECT_GZIP_LEVEL,
                fingerprintCacheSize: config.CLUSTERING_FINGERPRINT_CACHE_STACKS,
              },
              writer,
              storage,
              publisher,
              similarity,
              metrics,
            ),
        },
        {
          provide: CommandService,
          inject: [DATA_SOURCE, JetStreamPublisher, ClusteringMetrics],
          useFactory: (ds: DataSource, publisher: JetStreamPublisher, metrics: ClusteringMetrics) => new CommandService(ds, publisher, metrics),
        },
        {
          provide: RetentionJob,
          inject: [DATA_SOURCE, OBJECT_STORAGE, ProjectSettingsCache, ClusteringMetrics],
          useFactory: (ds: DataSource, storage: ObjectStorage, settings: ProjectSettingsCache, metrics: ClusteringMetrics) =>
            new RetentionJob(ds, storage, settings, metrics, { intervalMs: config.CLUSTERING_RETENTION_INTERVAL, batch: config.CLUSTERING_RETENTION_BATCH }, (error) =>
              log.error(`retention failed: ${(error as Error).message}`),
            ),
        },
        Lifecycle,
      ],
    };
  }
}
