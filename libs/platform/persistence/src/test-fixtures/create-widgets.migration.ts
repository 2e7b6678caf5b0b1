import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fixture: creates `widgets` with a unique `sku`, unqualified so the search path decides the schema. */
export class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE widgets (
        id serial PRIMARY KEY,
        sku text NOT NULL,
        CONSTRAINT widgets_sku_key UNIQUE (sku)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widgets');
  }
}
