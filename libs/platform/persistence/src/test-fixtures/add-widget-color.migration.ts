import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fixture: adds an indexed `color` column to `widgets`. */
export class AddWidgetColor1700000000001 implements MigrationInterface {
  name = 'AddWidgetColor1700000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE widgets ADD COLUMN color text');
    await runner.query('CREATE INDEX widgets_color_idx ON widgets (color)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX widgets_color_idx');
    await runner.query('ALTER TABLE widgets DROP COLUMN color');
  }
}
