// Everything the github-issues service can be configured with, validated once at start
// (documented in docs/GITHUB.md and docs/CONFIGURATION.md).
import { databaseEnv, envBoolean, envDuration, envInt, envList, envUrl, httpEnv, loadConfig, loggingEnv, natsEnv, type Env } from '@faultline/platform-config';
import { messagingEnv } from '@faultline/platform-messaging';
import { z } from 'zod';

// An empty variable (`GITHUB_TOKEN=` in a compose file) means unset.
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const repo = z.string().trim().regex(REPO, 'must be owner/repo');

// A JSON object mapping project ids (or slugs) to owner/repo.
const projectRepos = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"42":"acme/web"}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), repo, { error: 'must be a JSON object mapping project ids to "owner/repo"' }));

/** The github-issues service's environment variables. */
export const githubIssuesConfigSchema = z
  .object({
    ...natsEnv.shape,
    ...databaseEnv.shape,
    ...loggingEnv.shape,
    ...messagingEnv.shape,
    ...httpEnv('GITHUB_ISSUES_PORT', 8084).shape,
    GITHUB_ISSUES_HOST: z.string().min(1).default('0.0.0.0'),
    /** REST API base URL: https://api.github.com, GitHub Enterprise Server's https://host/api/v3, or a fake in tests. */
    GITHUB_API_URL: envUrl({ protocols: ['http:', 'https:'], default: 'https://api.github.com' }),
    /**
     * Public base URL of this service (e.g. the ingress host): new issues then link to the full
     * event at `<url>/api/v1/events/<project>/<event id>?sig=…`, signed with GITHUB_WEBHOOK_SECRET
     * (no link without both).
     */
    GITHUB_ISSUES_PUBLIC_URL: optional(envUrl({ protocols: ['http:', 'https:'] })),
    /**
     * Object storage holding clustering's raw events (optional): with it, a new issue shows the
     * latest event's stack trace with source context, breadcrumbs and tags; without it, only what
     * PostgreSQL and the notification carry. Same variables as clustering's.
     */
    S3_ENDPOINT: optional(envUrl({ protocols: ['http:', 'https:'] })),
    S3_ACCESS_KEY: optional(z.string().trim().min(1)),
    S3_SECRET_KEY: optional(z.string().trim().min(1)),
    S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name')),
    S3_REGION: z.string().trim().min(1).default('us-east-1'),
    GITHUB_APP_ID: optional(z.string().trim().regex(/^\d+$/, 'must be the numeric App id')),
    GITHUB_PRIVATE_KEY: optional(z.string()),
    GITHUB_PRIVATE_KEY_FILE: optional(z.string()),
    /** Installation to use for every repository (default: looked up per repository owner). */
    GITHUB_INSTALLATION_ID: optional(z.string().trim().regex(/^\d+$/, 'must be a numeric installation id')),
    /** A personal or fine-grained token, instead of an App. */
    GITHUB_TOKEN: optional(z.string().trim().min(1)),
    /** Secret of the webhook (X-Hub-Signature-256); unset: the webhook endpoint answers 503. */
    GITHUB_WEBHOOK_SECRET: optional(z.string().min(1)),
    /** Default repository of every project. */
    GITHUB_REPOSITORY: optional(repo),
    /** Per-project repositories, JSON: {"<project id>": "owner/repo"}. */
    GITHUB_PROJECT_REPOSITORIES: projectRepos,
    /** Label of Alertmanager alerts naming the repository of the bridge's issue. */
    GITHUB_REPOSITORY_LABEL: z.string().min(1).default('github_repository'),
    /** Labels put on every issue; the first also finds Faultline's issues during recovery. */
    GITHUB_LABELS: envList(z.string().trim().min(1).max(50), { minItems: 1, maxItems: 20, default: 'faultline' }),
    GITHUB_LABEL_LEVEL: envBoolean({ default: true }),
    GITHUB_LABEL_ENVIRONMENT: envBoolean({ default: true }),
    /** Assign issues to the CODEOWNERS owners of the top in-app frame's file. */
    GITHUB_CODEOWNERS: envBoolean({ default: false }),
    /** At most one update comment per issue per interval. */
    GITHUB_COMMENT_INTERVAL: envDuration({ min: 0, max: '30d', default: '1h' }),
    /** Comment when a group's alert resolves. */
    GITHUB_COMMENT_ON_RESOLVE: envBoolean({ default: false }),
    /** Alert names that mean "regression" (the issue is reopened). */
    GITHUB_REGRESSION_ALERTNAMES: envList(z.string().min(1), { minItems: 0, maxItems: 50, default: 'Regression,FaultlineRegression' }),
    /** Content-creating requests per installation per minute (GitHub's secondary limit is 80). */
    GITHUB_CONTENT_PER_MINUTE: envInt({ min: 1, max: 80, default: 80 }),
    /** Content-creating requests per installation per hour (GitHub's limit is 500). */
    GITHUB_CONTENT_PER_HOUR: envInt({ min: 1, max: 500, default: 500 }),
    /** Wait in-process for a write slot at most this long; longer waits nak the message with that delay. */
    GITHUB_MAX_INLINE_WAIT: envDuration({ min: 0, max: '1m', default: '5s' }),
    /** Back-off after a secondary-limit answer without retry-after (doubles per repeat, up to 16×). */
    GITHUB_SECONDARY_BACKOFF: envDuration({ min: '100ms', max: '1h', default: '60s' }),
    /** Timeout of one GitHub request. */
    GITHUB_REQUEST_TIMEOUT: envDuration({ min: '100ms', max: '5m', default: '30s' }),
    /** Retries of idempotent requests (GET, PATCH) on 5xx and network errors. */
    GITHUB_RETRIES: envInt({ min: 0, max: 10, default: 3 }),
    /** First retry delay of those requests; doubles per retry. */
    GITHUB_RETRY_BASE: envDuration({ min: '10ms', max: '1m', default: '500ms' }),
    /** A `creating` claim older than this is presumed dead and recovered (must exceed GITHUB_REQUEST_TIMEOUT + GITHUB_MAX_INLINE_WAIT). */
    GITHUB_CLAIM_STALE_AFTER: envDuration({ min: '1s', max: '1d', default: '2m' }),
    /** Directory of Markdown templates: `default.md`, `<project>.md` (built-in template when unset or missing). */
    GITHUB_TEMPLATE_DIR: optional(z.string().min(1)),
    /** Where dry-run mode (no credentials) writes rendered issues. */
    GITHUB_DRY_RUN_DIR: z.string().min(1).default('.faultline/github-dry-run'),
    /** Deliveries remembered for de-duplication. */
    /**
     * A closed issue resolves its group "in the next release": events from the latest release the
     * group has seen do not reopen it, a newer release does (Sentry's resolve in next release).
     */
    GITHUB_RESOLVE_IN_NEXT_RELEASE: envBoolean({ default: false }),
    GITHUB_WEBHOOK_DEDUP_TTL: envDuration({ min: '1m', max: '30d', default: '3d' }),
    /** Apply this service's pending migrations at start (under the shared migration lock). */
    GITHUB_ISSUES_MIGRATE: envBoolean({ default: true }),
    /** Test hook: exit(137) right after GitHub answered the create call for this group (`project/group_id`). */
    GITHUB_TEST_CRASH_AFTER_CREATE: optional(z.string()),
  })
  .superRefine((c, ctx) => {
    if (c.GITHUB_APP_ID && !c.GITHUB_PRIVATE_KEY && !c.GITHUB_PRIVATE_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: ['GITHUB_PRIVATE_KEY'], message: 'GITHUB_APP_ID needs GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_FILE' });
    }
    // A claim is refreshed after the wait for a write slot, right before the create call: it may
    // only go stale when its process is gone or its call is over.
    if (c.GITHUB_CLAIM_STALE_AFTER <= c.GITHUB_REQUEST_TIMEOUT + c.GITHUB_MAX_INLINE_WAIT) {
      ctx.addIssue({ code: 'custom', path: ['GITHUB_CLAIM_STALE_AFTER'], message: 'must be longer than GITHUB_REQUEST_TIMEOUT + GITHUB_MAX_INLINE_WAIT' });
    }
  });

/** The validated configuration. */
export type GithubIssuesConfig = z.output<typeof githubIssuesConfigSchema>;

/** Parses the configuration from `env`; throws ConfigError listing every bad variable. */
export function loadGithubIssuesConfig(env: Env = process.env): GithubIssuesConfig {
  return loadConfig(githubIssuesConfigSchema, env);
}

/** How the service talks to GitHub: an App, a token, or not at all (dry run). */
export function authMode(c: GithubIssuesConfig): 'app' | 'token' | 'dry-run' {
  return c.GITHUB_APP_ID ? 'app' : c.GITHUB_TOKEN ? 'token' : 'dry-run';
}
