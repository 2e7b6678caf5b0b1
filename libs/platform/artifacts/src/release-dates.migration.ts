import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds `sourcemap_releases.date_released`: when a release was finalized (`PUT
 * /api/0/organizations/<org>/releases/<version>/` with `dateReleased`, as `sentry-cli releases
 * finalize` and the bundler plugins send it).
 */
export class ReleaseDates1797200000000 implements MigrationInterface {
  name = 'ReleaseDates1797200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE sourcemap_releases ADD COLUMN date_released timestamptz NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE sourcemap_releases DROP COLUMN date_released');
  }
}
