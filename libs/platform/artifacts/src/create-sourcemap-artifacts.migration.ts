import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the source-map artifact index: one row per uploaded file (minified source, source
 * map, original source) with the object-storage key of its bytes, indexed by project +
 * release + dist + URL and by project + debug id; the state of assembled bundles (sentry-cli
 * polls it by checksum); and releases created through the organization API.
 */
export class CreateSourcemapArtifacts1796400000000 implements MigrationInterface {
  name = 'CreateSourcemapArtifacts1796400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sourcemap_artifacts (
        id bigserial PRIMARY KEY,
        project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        release text NOT NULL DEFAULT '',
        dist text NOT NULL DEFAULT '',
        url text NULL,
        debug_id uuid NULL,
        kind text NOT NULL,
        storage_key text NOT NULL,
        sha1 char(40) NOT NULL,
        size bigint NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        bundle_checksum char(40) NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sourcemap_artifacts_kind_check CHECK (kind IN ('source', 'minified_source', 'source_map', 'indexed_ram_bundle')),
        CONSTRAINT sourcemap_artifacts_dist_check CHECK (dist = '' OR release <> '')
      )`);
    await runner.query('CREATE INDEX sourcemap_artifacts_url_idx ON sourcemap_artifacts (project_id, release, dist, url) WHERE url IS NOT NULL');
    await runner.query('CREATE INDEX sourcemap_artifacts_debug_id_idx ON sourcemap_artifacts (project_id, debug_id, kind) WHERE debug_id IS NOT NULL');
    await runner.query(`
      CREATE TABLE sourcemap_bundles (
        checksum char(40) PRIMARY KEY,
        state text NOT NULL,
        detail text NULL,
        files integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sourcemap_bundles_state_check CHECK (state IN ('ok', 'error'))
      )`);
    await runner.query(`
      CREATE TABLE sourcemap_releases (
        version text NOT NULL,
        project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (version, project_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sourcemap_releases');
    await runner.query('DROP TABLE sourcemap_bundles');
    await runner.query('DROP TABLE sourcemap_artifacts');
  }
}
