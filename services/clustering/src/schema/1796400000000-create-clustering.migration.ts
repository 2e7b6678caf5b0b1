import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the clustering tables. Names are unqualified (the data source's search path
 * selects the schema). `project_id` is the decimal project id of the contracts, stored as
 * an integer; there is no foreign key to `projects` so clustering keeps working while a
 * project is being deleted and its events drain.
 */
export class CreateClustering1796400000000 implements MigrationInterface {
  name = 'CreateClustering1796400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE clustering_settings (
        project_id integer PRIMARY KEY,
        retention_days integer NULL CHECK (retention_days > 0),
        similarity_enabled boolean NULL,
        similarity_threshold real NULL CHECK (similarity_threshold > 0 AND similarity_threshold <= 1),
        fingerprint_rules text NOT NULL DEFAULT '',
        grouping_config text NULL,
        regression text NULL CHECK (regression IN ('release', 'any')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE groups (
        id bigserial PRIMARY KEY,
        project_id integer NOT NULL,
        first_hash text NOT NULL,
        title text NOT NULL,
        culprit text NOT NULL DEFAULT '',
        level text NOT NULL DEFAULT 'error',
        exception_type text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'unresolved' CHECK (status IN ('unresolved', 'resolved', 'ignored')),
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        times_seen bigint NOT NULL DEFAULT 0,
        users_affected integer NOT NULL DEFAULT 0,
        users_exact integer NOT NULL DEFAULT 0,
        users_hll bytea NULL,
        first_release text NULL,
        last_release text NULL,
        resolved_in_release text NULL,
        resolved_at timestamptz NULL,
        regressed_at timestamptz NULL,
        grouping_config text NOT NULL,
        signature bytea NULL,
        external_issue jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT groups_first_hash_key UNIQUE (project_id, first_hash)
      )`);
    await runner.query('CREATE INDEX groups_project_last_seen_idx ON groups (project_id, last_seen DESC)');
    await runner.query(`
      CREATE TABLE group_hashes (
        project_id integer NOT NULL,
        hash text NOT NULL,
        group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        config text NOT NULL,
        similarity real NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, hash)
      )`);
    await runner.query('CREATE INDEX group_hashes_group_idx ON group_hashes (group_id)');
    await runner.query(`
      CREATE TABLE events (
        project_id integer NOT NULL,
        event_id text NOT NULL CHECK (length(event_id) = 32),
        group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        hash text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('new', 'regressed', 'occurred')),
        timestamp timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        release text NULL,
        environment text NULL,
        level text NOT NULL,
        message text NOT NULL DEFAULT '',
        url text NULL,
        browser text NULL,
        os text NULL,
        user_key text NULL,
        trace_id text NULL,
        object_key text NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, event_id)
      )`);
    await runner.query('CREATE INDEX events_group_idx ON events (group_id, received_at DESC)');
    await runner.query('CREATE INDEX events_project_received_idx ON events (project_id, received_at)');
    await runner.query('CREATE INDEX events_project_user_idx ON events (project_id, user_key) WHERE user_key IS NOT NULL');
    await runner.query(`
      CREATE TABLE group_counters (
        group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        minute timestamptz NOT NULL,
        events integer NOT NULL,
        PRIMARY KEY (group_id, minute)
      )`);
    await runner.query(`
      CREATE TABLE group_users (
        group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_key text NOT NULL,
        PRIMARY KEY (group_id, user_key)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const t of ['group_users', 'group_counters', 'events', 'group_hashes', 'groups', 'clustering_settings']) {
      await runner.query(`DROP TABLE ${t}`);
    }
  }
}
