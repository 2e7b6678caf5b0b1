import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fixture: creates a table, then fails, to show that its transaction is rolled back. */
export class Broken1700000000002 implements MigrationInterface {
  name = 'Broken1700000000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE half_done (id int)');
    await runner.query('SELECT * FROM table_that_does_not_exist');
  }

  async down(): Promise<void> {}
}
