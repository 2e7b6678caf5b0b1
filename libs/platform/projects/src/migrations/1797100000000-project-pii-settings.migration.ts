import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds `projects.pii_settings`: the project's PII scrubbing overrides (rule switches and key
 * lists), set with `faultline project set --pii` and read by enrichment. `{}` keeps the
 * deployment's defaults (`ENRICHMENT_PII`).
 */
export class ProjectPiiSettings1797100000000 implements MigrationInterface {
  name = 'ProjectPiiSettings1797100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE projects ADD COLUMN pii_settings jsonb NOT NULL DEFAULT '{}'`);
    await runner.query(`ALTER TABLE projects ADD CONSTRAINT projects_pii_settings_check CHECK (jsonb_typeof(pii_settings) = 'object')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE projects DROP COLUMN pii_settings');
  }
}
