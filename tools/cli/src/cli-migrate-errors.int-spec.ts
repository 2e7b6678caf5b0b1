
import { runFaultline, useCliSchema } from '../test/run-faultline.js';

// Each test starts several CLI processes (about 2 s of CPU each): room for a loaded machine.
describe('faultline migrate and failures (real process, real PostgreSQL)', { timeout: 180_000 }, () => {
  const suite = useCliSchema();

  it('migrate applies, reports and reverts', async () => {
    expect((await runFaultline(['migrate'], suite.env)).stdout).toContain('migrate: applied CreateProjects1795800000000');
    expect((await runFaultline(['migrate', 'status'], suite.env)).lines[0]).toBe('[x] CreateProjects1795800000000');
    // Revert undoes the newest migration of any set (each service adds its own).
    expect((await runFaultline(['migrate', 'revert'], suite.env)).stdout).toMatch(/reverted [A-Z]\w+\d{13}/);
  });

  it('exits 2 with usage for an unknown command or flag, and 78 listing a bad DATABASE_URL', async () => {
    const unknown = await runFaultline(['frobnicate'], suite.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('usage: faultline');

    const flag = await runFaultline(['project', 'list', '--colour'], suite.env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--colour'");

    const bad = await runFaultline(['project', 'list'], { ...suite.env, DATABASE_URL: 'mysql://db/x', FAULTLINE_PUBLIC_URL: 'ftp://x' });
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain('Invalid configuration (2 problems)');
    expect(bad.stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(bad.stderr).toContain('FAULTLINE_PUBLIC_URL: must be a http:// or https:// URL');
  });
});
