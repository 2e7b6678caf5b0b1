// `npm run gen:check` is what CI runs: it must pass on the committed tree and fail on any drift.
// The script is pointed at a copy of the generated directory (--out), so the real tree is never touched.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const genDir = join(repoRoot, 'libs/contracts/src/gen');

function check(out: string) {
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts/gen-contracts.mjs'), '--check', '--out', out], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('gen --check', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'contracts-gen-check-'));
    cpSync(genDir, copy, { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('passes on the committed generated code', () => {
    const { status, output } = check(copy);
    expect(output).toContain('is up to date');
    expect(status).toBe(0);
  });

  it('fails and names the file when generated code was edited', () => {
    appendFileSync(join(copy, 'faultline/v1/dead_letter_pb.ts'), '// hand edit\n');
    const { status, output } = check(copy);
    expect(status).toBe(1);
    expect(output).toMatch(/changed\s+faultline\/v1\/dead_letter_pb\.ts/);
    expect(output).toContain('npm run gen');
  });

  it('fails on a missing or a stale file', () => {
    unlinkSync(join(copy, 'registry.ts'));
    writeFileSync(join(copy, 'faultline/v1/old_pb.ts'), 'export {};\n');
    const { status, output } = check(copy);
    expect(status).toBe(1);
    expect(output).toMatch(/missing\s+registry\.ts/);
    expect(output).toMatch(/stale\s+faultline\/v1\/old_pb\.ts/);
  });
});
