// Wiring of the alert router: configuration, logs, metrics, PostgreSQL (silences, notification log,
// alerts, lease), the JetStream publisher, the router core and its API.
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { STREAMS } from '@faultline/contracts';
import { APP_CONFIG } from '@faultline/platform-config';
import { HealthModule } from '@faultline/platform-health';
import { LoggingModule } from '@faultline/platform-logging';
import { JetStreamPublisher, MessagingModule, NATS_CONNECTION, NATS_NAMESPACE, natsReadiness, provisionStream, type Namespace } from '@faultline/platform-messaging';
import { METRICS_REGISTRY, MetricsModule } from '@faultline/platform-metrics';
import { DATA_SOURCE, PersistenceModule, postgresReadiness } from '@faultline/platform-persistence';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ActivityController } from './activity/activity.controller.js';
import type { AlertRouterConfig } from './alert-router.config.js';
import { type ApiDeps } from './api/am-api.js';
import { API_DEPS, AmApiRoutes } from './api/am-api-routes.js';
import { AlertingConfigSource, type LoadedConfig } from './config/alerting-config-source.js';
import { AlertRouter } from './core/alert-router.js';
import { RouterMetrics } from './core/router-metrics.js';
import { LeaderLease, type LeaseFence } from './ha/leader-lease.js';
import { Notifier } from './notify/notifier.js';
import { AlertStore } from './store/alert-store.js';
import { NflogStore } from './store/nflog-store.js';
import { SilenceStore } from './store/silence-store.js';
import { WindowSnapshotStore } from './store/window-snapshot-store.js';

/** Starts following, reloading and competing for the lease; stops all of it on shutdown. */
@Injectable()
export class RouterRuntime implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AlertRouter');
  private readonly log = { info: (m: string) => this.logger.log(m), error: (m: string) => this.logger.error(m) };
  private lease?: LeaderLease;
  private source?: AlertingConfigSource;
  private leaderHooks: ((fence: LeaseFence) => Promise<void>)[] = [];
  readonly startedAt = new Date();

  constructor(
    @Inject(AlertRouter) readonly router: AlertRouter,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(RouterMetrics) private readonly metrics: RouterMetrics,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NATS_NAMESPACE) private readonly ns: Namespace,
    @Inject(APP_CONFIG) private readonly config: AlertRouterConfig & { loaded: LoadedConfig },
  ) {}

  /** Registers work to do once this replica becomes leader (main.ts starts consuming). */
  onLeadership(hook: (fence: LeaseFence) => Promise<void>): void {
    this.leaderHooks.push(hook);
  }

  /** The configuration text in effect. */
  configText(): string {
    return this.source?.current.text ?? this.config.loaded.text;
  }

  /** Reloads the configuration file now; false when it does not validate. */
  reload(): boolean {
    return this.source?.reload('API') ?? false;
  }

  async onModuleInit(): Promise<void> {
    // NOTIFY must exist before the first notification; ISSUES and DLQ are provisioned by the transport.
    const s = STREAMS.NOTIFY;
    await provisionStream(await jetstreamManager(this.nc), {
      name: this.ns.stream(s.name), subjects: s.subjects.map((x) => this.ns.subject(x)), description: s.description,
      retention: s.retention, storage: s.storage, maxAgeMs: s.maxAgeMs, duplicateWindowMs: s.duplicateWindowMs, replicas: this.config.NATS_STREAM_REPLICAS,
    });
    this.source = new AlertingConfigSource(this.config.ALERTING_CONFIG, this.config.loaded, this.metrics, (l) => this.router.reload(l.config), this.log);
    this.source.start();
    await this.router.start();
  }

  /** Starts competing for leadership (after the HTTP server listens). */
  startLease(): void {
    const id = this.config.ALERT_ROUTER_REPLICA_ID ?? `${hostname()}-${process.pid}`;
    this.lease = new LeaderLease(this.ds, id, this.config.ALERT_ROUTER_LEASE_TTL, (fence) => {
      void (async () => {
        await this.router.becomeLeader(fence);
        for (const hook of this.leaderHooks) await hook(fence);
      })().catch((e) => {
        this.logger.error(`taking over leadership failed: ${String(e)}`);
        process.exit(75);
      });
    }, (reason) => {
      // A replica that lost its lease may hold state the new leader has moved past: start afresh.
      this.logger.error(`leadership lost (${reason}); exiting so that this replica restarts as a standby`);
      this.router.stop();
      process.exit(75);
    });
    this.lease.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.source?.stop();
    this.router.stop();
    await this.lease?.stop();
  }
}

/** The alert router application module. */
@Module({})
export class AlertRouterModule {
  static forRoot(config: AlertRouterConfig, loaded: LoadedConfig): DynamicModule {
    return {
      module: AlertRouterModule,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, name: 'alert-router', requestLogging: false }),
        MetricsModule.forRoot(),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: [], migrations: [],
            applicationName: 'faultline-alert-router', poolSize: 8,
          }),
        }),
        MessagingModule.forRootAsync({
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => ({
            servers: config.NATS_URL, name: 'faultline-alert-router', namespace: config.NATS_STREAM_PREFIX, publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT, registry,
          }),
        }),
        HealthModule.forRootAsync({
          inject: [NATS_CONNECTION, DATA_SOURCE],
          useFactory: (nc: NatsConnection, ds: DataSource) => ({ checks: [natsReadiness(nc), postgresReadiness(ds)] }),
        }),
      ],
      controllers: [ActivityController],
      providers: [
        { provide: APP_CONFIG, useValue: { ...config, loaded } },
        { provide: RouterMetrics, inject: [METRICS_REGISTRY], useFactory: (r: Registry) => new RouterMetrics(r) },
        {
          provide: AlertRouter,
          inject: [DATA_SOURCE, JetStreamPublisher, RouterMetrics],
          useFactory: (ds: DataSource, publisher: JetStreamPublisher, metrics: RouterMetrics) => {
            const logger = new Logger('AlertRouter');
            const log = { info: (m: string) => logger.log(m), warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) };
            // The notifier and the router refer to each other (log ← router, router → notifier).
            const ref: { router?: AlertRouter } = {};
            const notifier = new Notifier({
              publisher, metrics, externalURL: config.ALERT_ROUTER_EXTERNAL_URL.replace(/\/+$/, ''),
              retry: { attempts: config.ALERT_ROUTER_WEBHOOK_ATTEMPTS, backoffMs: config.ALERT_ROUTER_WEBHOOK_BACKOFF },
              log: { get: (k, g) => ref.router!.notificationLog().get(k, g), record: (k, g, e) => ref.router!.notificationLog().record(k, g, e) },
              onError: (m) => logger.warn(m),
            });
            const router = new AlertRouter(loaded.config, {
              maxAlerts: config.ALERT_ROUTER_MAX_ALERTS, maxGroups: config.ALERT_ROUTER_MAX_GROUPS, syncIntervalMs: config.ALERT_ROUTER_SYNC_INTERVAL,
              tickIntervalMs: config.ALERT_ROUTER_TICK_INTERVAL, retentionMs: config.ALERT_ROUTER_RETENTION,
              resolvedRetentionMs: config.ALERT_ROUTER_RESOLVED_RETENTION, uiUrl: config.ALERT_ROUTER_UI_URL,
            }, { alerts: new AlertStore(ds), silences: new SilenceStore(ds), nflog: new NflogStore(ds), windows: new WindowSnapshotStore(ds) }, notifier, metrics, log);
            ref.router = router;
            return router;
          },
        },
        RouterRuntime,
        {
          provide: API_DEPS,
          inject: [AlertRouter, DATA_SOURCE, RouterRuntime, RouterMetrics],
          useFactory: (router: AlertRouter, ds: DataSource, runtime: RouterRuntime, metrics: RouterMetrics): ApiDeps => ({
            rejected: (reason) => metrics.apiRejected.inc({ reason }),
            router, silences: new SilenceStore(ds), startedAt: runtime.startedAt,
            limits: { maxPostAlerts: config.ALERT_ROUTER_MAX_POST_ALERTS, maxSilences: config.ALERT_ROUTER_MAX_SILENCES },
            configText: () => runtime.configText(), reload: () => runtime.reload(),
          }),
        },
        AmApiRoutes,
      ],
    };
  }
}
