// Wiring of github-issues: configuration, logs, metrics, PostgreSQL (links, rate state), the NATS
// publisher (IssueCommands), the GitHub client (App, token or dry run), the issue logic, the
// notify.github consumer and the HTTP endpoints.
import { readFileSync } from 'node:fs';
import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@faultline/platform-config';
import { HealthModule } from '@faultline/platform-health';
import { LoggingModule } from '@faultline/platform-logging';
import { JetStreamPublisher, MessagingModule, NATS_CONNECTION, natsReadiness } from '@faultline/platform-messaging';
import { METRICS_REGISTRY, MetricsModule } from '@faultline/platform-metrics';
import { DATA_SOURCE, PersistenceModule, postgresReadiness, runMigrations } from '@faultline/platform-persistence';
import { ObjectStorage } from '@faultline/platform-storage';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { authMode, type GithubIssuesConfig } from './github-issues.config.js';
import { GitHubMetrics } from './github-metrics.js';
import { DryRunGitHubApi } from './github/dry-run-github-api.js';
import { GITHUB_API } from './github/github-api.token.js';
import type { GitHubApi } from './github/github-api.js';
import { OctokitGitHubApi, type GitHubAuth } from './github/octokit-github-api.js';
import { WriteLimiter } from './github/write-limiter.js';
import { AlertmanagerBridge } from './http/alertmanager-bridge.js';
import { GithubIssuesController } from './http/github-issues.controller.js';
import { WebhookService } from './http/webhook-service.js';
import { GITHUB_ISSUES_ENTITIES, GITHUB_ISSUES_MIGRATIONS } from './links/migrations.js';
import { LinkStore } from './links/link-store.js';
import { EventDigestReader, EventLinks } from './render/event-digest.js';
import { TemplateSource } from './render/issue-template.js';
import { CodeownersCache } from './sync/codeowners.js';
import { IssueSync } from './sync/issue-sync.js';
import { NotificationConsumer } from './sync/notification.consumer.js';
import { NotificationHandler } from './sync/notification-handler.js';
import { RepoResolver } from './sync/repo-resolver.js';

function githubAuth(c: GithubIssuesConfig): GitHubAuth | undefined {
  if (c.GITHUB_APP_ID) {
    const privateKey = (c.GITHUB_PRIVATE_KEY ?? readFileSync(c.GITHUB_PRIVATE_KEY_FILE!, 'utf8')).replace(/\\n/g, '\n');
    return { kind: 'app', appId: c.GITHUB_APP_ID, privateKey, installationId: c.GITHUB_INSTALLATION_ID ? Number(c.GITHUB_INSTALLATION_ID) : undefined };
  }
  return c.GITHUB_TOKEN ? { kind: 'token', token: c.GITHUB_TOKEN } : undefined;
}

/**
 * Applies github-issues' migrations before anything reads its tables (GITHUB_ISSUES_MIGRATE).
 * `faultline migrate` cannot load them: the CLI may not import services (module boundaries).
 */
@Injectable()
class MigrateOnStart implements OnModuleInit {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: GithubIssuesConfig,
  ) {}
  async onModuleInit(): Promise<void> {
    if (this.config.GITHUB_ISSUES_MIGRATE) await runMigrations(this.ds);
  }
}

/** The github-issues application module. */
@Module({})
export class GithubIssuesModule {
  static forRoot(config: GithubIssuesConfig): DynamicModule {
    return {
      module: GithubIssuesModule,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, name: 'github-issues' }),
        MetricsModule.forRoot(),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, entities: GITHUB_ISSUES_ENTITIES, migrations: GITHUB_ISSUES_MIGRATIONS,
            applicationName: 'faultline-github-issues', poolSize: 6,
          }),
        }),
        MessagingModule.forRootAsync({
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => ({
            servers: config.NATS_URL, name: 'faultline-github-issues', namespace: config.NATS_STREAM_PREFIX, publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT, registry,
          }),
        }),
        HealthModule.forRootAsync({
          inject: [NATS_CONNECTION, DATA_SOURCE],
          useFactory: (nc: NatsConnection, ds: DataSource) => ({ checks: [natsReadiness(nc), postgresReadiness(ds)] }),
        }),
      ],
      controllers: [GithubIssuesController, NotificationConsumer],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        MigrateOnStart,
        { provide: GitHubMetrics, inject: [METRICS_REGISTRY], useFactory: (r: Registry) => new GitHubMetrics(r) },
        {
          provide: WriteLimiter,
          inject: [DATA_SOURCE, GitHubMetrics],
          useFactory: (ds: DataSource, m: GitHubMetrics) =>
            new WriteLimiter(ds, { perMinute: config.GITHUB_CONTENT_PER_MINUTE, perHour: config.GITHUB_CONTENT_PER_HOUR, maxInlineWaitMs: config.GITHUB_MAX_INLINE_WAIT, secondaryBackoffMs: config.GITHUB_SECONDARY_BACKOFF }, m),
        },
        {
          provide: GITHUB_API,
          inject: [WriteLimiter, GitHubMetrics],
          useFactory: (limiter: WriteLimiter, m: GitHubMetrics): GitHubApi => {
            const auth = githubAuth(config);
            if (!auth) return new DryRunGitHubApi(config.GITHUB_DRY_RUN_DIR);
            return new OctokitGitHubApi({ baseUrl: config.GITHUB_API_URL.replace(/\/$/, ''), auth, requestTimeoutMs: config.GITHUB_REQUEST_TIMEOUT, retries: config.GITHUB_RETRIES, retryBaseMs: config.GITHUB_RETRY_BASE }, limiter, m);
          },
        },
        { provide: LinkStore, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new LinkStore(ds, config.GITHUB_CLAIM_STALE_AFTER) },
        { provide: TemplateSource, useFactory: () => new TemplateSource(config.GITHUB_TEMPLATE_DIR) },
        { provide: CodeownersCache, inject: [GITHUB_API], useFactory: (gh: GitHubApi) => new CodeownersCache(gh) },
        { provide: RepoResolver, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new RepoResolver(ds, config.GITHUB_PROJECT_REPOSITORIES, config.GITHUB_REPOSITORY, authMode(config) === 'dry-run') },
        {
          provide: EventLinks,
          useFactory: () => new EventLinks(config.GITHUB_ISSUES_PUBLIC_URL, config.GITHUB_WEBHOOK_SECRET),
        },
        {
          provide: EventDigestReader,
          inject: [DATA_SOURCE, GitHubMetrics, EventLinks],
          useFactory: (ds: DataSource, m: GitHubMetrics, links: EventLinks) => {
            const storage =
              config.S3_ENDPOINT && config.S3_ACCESS_KEY && config.S3_SECRET_KEY && config.S3_BUCKET
                ? new ObjectStorage({ endpoint: config.S3_ENDPOINT, accessKey: config.S3_ACCESS_KEY, secretKey: config.S3_SECRET_KEY, bucket: config.S3_BUCKET, region: config.S3_REGION })
                : undefined;
            return new EventDigestReader(ds, storage, () => m.digestFailures.inc(), links);
          },
        },
        {
          provide: IssueSync,
          inject: [GITHUB_API, LinkStore, TemplateSource, CodeownersCache, GitHubMetrics, EventDigestReader],
          useFactory: (gh: GitHubApi, links: LinkStore, t: TemplateSource, co: CodeownersCache, m: GitHubMetrics, digests: EventDigestReader) =>
            new IssueSync(gh, links, t, co, {
              labels: config.GITHUB_LABELS, labelLevel: config.GITHUB_LABEL_LEVEL, labelEnvironment: config.GITHUB_LABEL_ENVIRONMENT, codeowners: config.GITHUB_CODEOWNERS,
              commentIntervalMs: config.GITHUB_COMMENT_INTERVAL, commentOnResolve: config.GITHUB_COMMENT_ON_RESOLVE, regressionAlertnames: config.GITHUB_REGRESSION_ALERTNAMES,
              crashAfterCreate: config.GITHUB_TEST_CRASH_AFTER_CREATE,
            }, m, digests),
        },
        {
          provide: NotificationHandler,
          inject: [IssueSync, RepoResolver, GitHubMetrics],
          useFactory: (s: IssueSync, r: RepoResolver, m: GitHubMetrics) => new NotificationHandler(s, r, m),
        },
        {
          provide: WebhookService,
          inject: [LinkStore, JetStreamPublisher, DATA_SOURCE, GitHubMetrics],
          useFactory: (l: LinkStore, p: JetStreamPublisher, ds: DataSource, m: GitHubMetrics) => new WebhookService(config.GITHUB_WEBHOOK_SECRET, l, p, ds, config.GITHUB_WEBHOOK_DEDUP_TTL, m, config.GITHUB_RESOLVE_IN_NEXT_RELEASE),
        },
        {
          provide: AlertmanagerBridge,
          inject: [IssueSync, TemplateSource, GitHubMetrics],
          useFactory: (s: IssueSync, t: TemplateSource, m: GitHubMetrics) => new AlertmanagerBridge(s, t, config.GITHUB_REPOSITORY_LABEL, config.GITHUB_REPOSITORY, m),
        },
      ],
    };
  }
}

/** Describes the GitHub mode for the start-up log line. */
export function describeMode(config: GithubIssuesConfig): string {
  const mode = authMode(config);
  return mode === 'dry-run' ? `dry run (no GITHUB_APP_ID or GITHUB_TOKEN): issues are written to ${config.GITHUB_DRY_RUN_DIR}` : `${mode} against ${config.GITHUB_API_URL}`;
}
