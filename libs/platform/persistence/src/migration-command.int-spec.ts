import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import { runMigrationCommand, type MigrationCommandOptions } from './migration-command.js';
import { widgetMigrationNames, widgetMigrations } from './test-fixtures/index.js';

describe('runMigrationCommand', () => {
  let schema: TestSchema;
  let lines: string[];
  let errors: string[];
  let exitCodes: number[];

  function options(overrides: Partial<MigrationCommandOptions> = {}): MigrationCommandOptions {
    return {
      ...schema.dataSourceOptions,
      migrations: widgetMigrations,
      output: { log: (line) => lines.push(line), error: (line) => errors.push(line) },
      exit: (code) => exitCodes.push(code),
      ...overrides,
    };
  }

  beforeEach(async () => {
    schema = await createTestSchema();
    lines = [];
    errors = [];
    exitCodes = [];
  });

  afterEach(async () => {
    await schema.drop();
  });

  it('migrates, reports status, reverts, and says what it did each time', async () => {
    expect(await runMigrationCommand(['migrate'], options())).toBe(0);
    expect(lines).toEqual([
      ...widgetMigrationNames.map((name) => `migrate: applied ${name}`),
      `migrate: applied 2 migration(s) (schema ${schema.schema})`,
    ]);

    lines = [];
    expect(await runMigrationCommand(['migrate', 'up'], options())).toBe(0);
    expect(lines).toEqual([`migrate: database is up to date (schema ${schema.schema}), nothing to apply`]);

    lines = [];
    expect(await runMigrationCommand(['migrate', 'revert'], options())).toBe(0);
    expect(lines).toEqual([`migrate: reverted AddWidgetColor1700000000001 (schema ${schema.schema})`]);

    lines = [];
    expect(await runMigrationCommand(['status'], options())).toBe(0);
    expect(lines).toEqual([
      '[x] CreateWidgets1700000000000',
      '[ ] AddWidgetColor1700000000001',
      `migrate: 1 applied, 1 pending (schema ${schema.schema})`,
    ]);

    expect(errors).toEqual([]);
    expect(exitCodes).toEqual([0, 0, 0, 0]);
  });

  it('exits 1 with the reason when the database is unreachable', async () => {
    const code = await runMigrationCommand(['migrate'], options({ url: 'postgres://postgres@127.0.0.1:1/test' }));

    expect(code).toBe(1);
    expect(exitCodes).toEqual([1]);
    expect(errors).toEqual([`migrate up failed (schema ${schema.schema}): connect ECONNREFUSED 127.0.0.1:1`]);
  });
});
