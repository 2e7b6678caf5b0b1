import { dsnFromString } from '@sentry/core';

import { runFaultline, useCliSchema } from '../test/run-faultline.js';

// Each test starts several CLI processes (about 2 s of CPU each): room for a loaded machine.
describe('faultline (real process, real PostgreSQL)', { timeout: 180_000 }, () => {
  const suite = useCliSchema();

  it('project create migrates, prints the DSN as the last line, and list/key commands see it', async () => {
    const created = await runFaultline(['project', 'create', 'web', '--name', 'Web shop', '--github-repo', 'acme/web'], suite.env);
    expect(created.stderr).toMatch(/applied \d+ pending migration\(s\).*CreateProjects1795800000000/);
    expect(created.code).toBe(0);
    const dsn = dsnFromString(created.lines.at(-1) ?? '');
    expect(dsn).toMatchObject({ protocol: 'http', host: '127.0.0.1', port: '8080', path: '' });
    expect(dsn?.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(dsn?.projectId).toMatch(/^\d+$/);

    const listed = await runFaultline(['project', 'list', '--json'], suite.env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id: Number(dsn?.projectId), slug: 'web', name: 'Web shop', githubRepo: 'acme/web', enabled: true, dsn: created.lines.at(-1) }),
    ]);

    const revoked = await runFaultline(['key', 'revoke', dsn?.publicKey ?? ''], suite.env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked key ${dsn?.publicKey}`);
    const keys = await runFaultline(['key', 'list', '--project', 'web', '--json'], suite.env);
    expect(JSON.parse(keys.stdout)).toEqual([expect.objectContaining({ publicKey: dsn?.publicKey, status: 'revoked' })]);
  });

  it('refuses a duplicate slug with exit 1 and one clear line', async () => {
    expect((await runFaultline(['project', 'create', 'web'], suite.env)).code).toBe(0);
    const again = await runFaultline(['project', 'create', 'web'], suite.env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('faultline project create: project "web" already exists');
    expect(again.stdout).toBe('');
  });

  it('key create prints a DSN for a new key with its limits; token create prints the token last', async () => {
    await runFaultline(['project', 'create', 'web'], suite.env);
    const key = await runFaultline(['key', 'create', '--project', 'web', '--label', 'ci', '--rate-limit-per-second', '5', '--burst', '10'], suite.env);
    expect(key.code).toBe(0);
    expect(key.stdout).toContain('limits:   5/s, burst 10');
    expect(dsnFromString(key.lines.at(-1) ?? '')?.publicKey).toMatch(/^[0-9a-f]{32}$/);

    const token = await runFaultline(['token', 'create', '--name', 'ci', '--scope', 'project:releases'], suite.env);
    expect(token.code).toBe(0);
    expect(token.lines.at(-1)).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
    const id = /API token (\d+)/.exec(token.stdout)?.[1] ?? '';
    expect((await runFaultline(['token', 'revoke', id], suite.env)).code).toBe(0);
    const tokens = await runFaultline(['token', 'list', '--json'], suite.env);
    expect(JSON.parse(tokens.stdout)).toEqual([expect.objectContaining({ id: Number(id), revokedAt: expect.any(String) })]);
    expect(tokens.stdout).not.toContain(token.lines.at(-1));
  });
});
