import { runCli } from './cli.js';
import type { CliIo } from './io.js';

function capture(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), env };
  return { io, out, err };
}

describe('runCli (in process, no database)', () => {
  it('prints the command list for --help and exits 0', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('project create');
  });

  it('prints each command’s help without reading the environment', async () => {
    const { io, out } = capture({ DATABASE_URL: 'nonsense' });
    expect(await runCli(['key', 'create', '--help'], io)).toBe(0);
    expect(out[0]).toMatch(/^usage: faultline key create --project SLUG/);
  });

  it.each([
    [[], 'no command given'],
    [['nope'], 'unknown command "nope"'],
    [['project'], '"project" needs a subcommand'],
    [['project', 'delete', 'x'], 'unknown command "project delete"'],
    [['project', 'create'], 'project create: missing <slug>'],
    [['project', 'create', 'a', 'b'], 'unexpected argument "b"'],
    [['key', 'create'], '--project is required'],
    [['key', 'create', '--project', 'web', '--burst', '0'], '--burst must be a positive whole number'],
    [['token', 'revoke', 'abc'], 'token id must be a number'],
    [['migrate', 'sideways'], 'unknown migrate action "sideways"'],
  ])('exits 2 for %j', async (argv, reason) => {
    const { io, err } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(err[0]).toContain(reason);
  });

  it('exits 78 listing every bad variable', async () => {
    const { io, err } = capture({ DATABASE_URL: 'mysql://x', DATABASE_SCHEMA: 'Bad-Name' });
    expect(await runCli(['project', 'list'], io)).toBe(78);
    expect(err.join('\n')).toMatch(/DATABASE_URL[\s\S]*DATABASE_SCHEMA/);
  });
});
