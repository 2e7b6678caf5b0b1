import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the tables of github-issues: the link of each error group (or Alertmanager group) to its
 * one GitHub issue, the shared request budget per installation, and the webhook deliveries seen.
 * `github_issue_links.link_key` is unique: it is what makes "one issue per group" hold when
 * replicas race; `state = 'creating'` with a claim token marks a create call in flight.
 */
export class CreateGithubIssues1796700000000 implements MigrationInterface {
  name = 'CreateGithubIssues1796700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE github_issue_links (
        id bigserial PRIMARY KEY,
        link_key text NOT NULL,
        kind text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        group_id text NOT NULL DEFAULT '',
        owner text NOT NULL,
        repo text NOT NULL,
        state text NOT NULL,
        claim_token text NULL,
        claimed_at timestamptz NULL,
        idempotency_key text NULL,
        issue_number integer NULL,
        issue_url text NULL,
        issue_state text NULL,
        last_comment_at timestamptz NULL,
        times_seen_at_comment bigint NOT NULL DEFAULT 0,
        last_regression_key text NULL,
        last_resolved_key text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT github_issue_links_key UNIQUE (link_key),
        CONSTRAINT github_issue_links_kind_check CHECK (kind IN ('group', 'alertmanager')),
        CONSTRAINT github_issue_links_state_check CHECK (state IN ('creating', 'pending', 'linked', 'unlinked')),
        CONSTRAINT github_issue_links_linked_check CHECK (state <> 'linked' OR issue_number IS NOT NULL),
        CONSTRAINT github_issue_links_claim_check CHECK (state <> 'creating' OR (claim_token IS NOT NULL AND claimed_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX github_issue_links_issue ON github_issue_links (owner, repo, issue_number)`);
    await runner.query(`
      CREATE TABLE github_rate_state (
        scope text PRIMARY KEY,
        next_write_at timestamptz NULL,
        blocked_until timestamptz NULL,
        secondary_strikes integer NOT NULL DEFAULT 0
      )`);
    await runner.query(`CREATE TABLE github_write_log (scope text NOT NULL, at timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX github_write_log_scope_at ON github_write_log (scope, at)`);
    await runner.query(`
      CREATE TABLE github_webhook_deliveries (
        delivery_id text PRIMARY KEY,
        event text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE github_webhook_deliveries`);
    await runner.query(`DROP TABLE github_write_log`);
    await runner.query(`DROP TABLE github_rate_state`);
    await runner.query(`DROP TABLE github_issue_links`);
  }
}
