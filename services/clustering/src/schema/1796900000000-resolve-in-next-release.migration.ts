import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Resolved in the next release": the group reopens only for an event from a release newer than
 * `resolved_in_release` (the latest release it had seen when it was resolved), not at or after it.
 */
export class ResolveInNextRelease1796900000000 implements MigrationInterface {
  name = 'ResolveInNextRelease1796900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE groups ADD COLUMN resolved_in_next_release boolean NOT NULL DEFAULT false');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE groups DROP COLUMN resolved_in_next_release');
  }
}
