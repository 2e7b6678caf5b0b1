#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it. Contract drift check, build and lint of
// every project (Nx), a type check of all sources (tests too), then every unit and integration test (one Vitest run over all
// projects, against the real NATS and PostgreSQL on this machine). Ends with the line
// `N passed, N failed, N skipped` (failed checks count as failures).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const results = '.vitest-results.json';
if (!existsSync('node_modules/.package-lock.json')) {
  console.log('== installing dependencies (npm ci)');
  if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const checks = [
  ['contracts are up to date (npm run gen:check)', 'node', ['scripts/gen-contracts.mjs', '--check']],
  ['build and lint every project (nx run-many -t build lint)', 'npx', ['nx', 'run-many', '-t', 'build', 'lint', '--outputStyle=static']],
  ['type-check everything, tests and benchmarks included (tsc -p tsconfig.tsx.json)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.tsx.json']],
];
const extra = process.argv.slice(2);
let failedChecks = 0;
for (const [name, cmd, args] of checks) {
  if (extra.length > 0) break; // `npm test -- <filter>` runs only the matching tests
  console.log(`\n== ${name}`);
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
  if (run.status !== 0) {
    failedChecks += 1;
    console.log(`!! check failed: ${name}`);
  }
}

console.log('\n== tests (vitest run)');
rmSync(results, { force: true });
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...extra], {
  stdio: 'inherit',
});
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(results)) {
  const report = JSON.parse(readFileSync(results, 'utf8'));
  passed = report.numPassedTests;
  // A test file that failed without a failing test (it did not load, a hook threw) counts once.
  failed = report.numFailedTests + report.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')).length;
  skipped = report.numPendingTests + report.numTodoTests;
} else {
  failed = 1;
}
failed += failedChecks;
if (vitest.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

