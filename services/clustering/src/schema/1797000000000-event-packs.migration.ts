import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raw events in packs: an event's row points at its gzip member inside a per-batch pack object
 * (`object_key` + `object_offset` + `object_length`); NULL offset means a whole object written
 * before packs. The index on `object_key` lets retention and erasure find who else still
 * references a pack.
 */
export class EventPacks1797000000000 implements MigrationInterface {
  name = 'EventPacks1797000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE events ADD COLUMN object_offset bigint NULL, ADD COLUMN object_length integer NULL');
    await runner.query('CREATE INDEX events_object_key_idx ON events (object_key)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX events_object_key_idx');
    await runner.query('ALTER TABLE events DROP COLUMN object_offset, DROP COLUMN object_length');
  }
}
