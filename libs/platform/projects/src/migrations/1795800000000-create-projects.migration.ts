import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `projects`, `project_keys` and `api_tokens`. Names are unqualified: the data
 * source's search path puts them in its schema. The CHECK constraints repeat the store's
 * validation so that rows written by hand (psql at 3 a.m.) cannot break the ingest cache.
 */
export class CreateProjects1795800000000 implements MigrationInterface {
  name = 'CreateProjects1795800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE projects (
        id serial PRIMARY KEY,
        slug text NOT NULL,
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        github_repo text NULL,
        allowed_origins text[] NOT NULL DEFAULT '{*}',
        store_ip boolean NOT NULL DEFAULT false,
        inbound_filters jsonb NOT NULL DEFAULT '{}',
        rate_limit_per_minute integer NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT projects_slug_key UNIQUE (slug),
        CONSTRAINT projects_slug_check CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$' AND slug !~ '^[0-9]+$' AND length(slug) <= 64),
        CONSTRAINT projects_github_repo_check CHECK (github_repo ~ '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'),
        CONSTRAINT projects_inbound_filters_check CHECK (jsonb_typeof(inbound_filters) = 'object'),
        CONSTRAINT projects_rate_limit_check CHECK (rate_limit_per_minute > 0)
      )`);
    await runner.query(`
      CREATE TABLE project_keys (
        public_key char(32) PRIMARY KEY,
        project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        label text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        rate_limit_per_second integer NULL,
        rate_limit_per_minute integer NULL,
        burst integer NULL,
        allowed_origins text[] NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz NULL,
        CONSTRAINT project_keys_public_key_check CHECK (public_key ~ '^[0-9a-f]{32}$'),
        CONSTRAINT project_keys_limits_check CHECK (
          (rate_limit_per_second IS NULL OR rate_limit_per_second > 0)
          AND (rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0)
          AND (burst IS NULL OR burst > 0))
      )`);
    await runner.query('CREATE INDEX project_keys_project_id_idx ON project_keys (project_id)');
    await runner.query(`
      CREATE TABLE api_tokens (
        id serial PRIMARY KEY,
        name text NOT NULL,
        token_hash char(64) NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz NULL,
        last_used_at timestamptz NULL,
        CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT api_tokens_token_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$')
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE api_tokens');
    await runner.query('DROP TABLE project_keys');
    await runner.query('DROP TABLE projects');
  }
}
