import { runMigrationCommand } from './migration-command.js';

describe('runMigrationCommand usage', () => {
  it.each([[[]], [['migrate', 'sideways']], [['drop']], [['status', 'extra']]])(
    'exits 2 with the usage for %j without connecting',
    async (argv) => {
      const errors: string[] = [];
      const exitCodes: number[] = [];
      const code = await runMigrationCommand(argv, {
        // Nothing listens on port 1: a connection attempt would fail with exit code 1.
        url: 'postgres://postgres@127.0.0.1:1/test',
        migrations: [],
        output: { log: () => undefined, error: (line) => errors.push(line) },
        exit: (c) => exitCodes.push(c),
      });
      expect(code).toBe(2);
      expect(exitCodes).toEqual([2]);
      expect(errors.join('\n')).toMatch(/usage: migrate \[up \| status \| revert\]/);
    },
  );
});
