#!/usr/bin/env node
// Launcher of the `faultline` command (`npx faultline …`). Runs the built CLI when
// tools/cli/dist exists, else the TypeScript sources through tsx, so the command works
// straight after `npm ci` without a build. Arguments, stdio and the exit code pass through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(repo, 'tools/cli/dist/main.js');
const source = join(repo, 'tools/cli/src/main.ts');
const args = process.argv.slice(2);

const child = existsSync(built)
  ? spawn(process.execPath, [built, ...args], { stdio: 'inherit' })
  : // tsx is resolved from the launcher, not the working directory, so the command works from anywhere.
    spawn(process.execPath, ['--conditions=@faultline/source', '--import', import.meta.resolve('tsx'), source, ...args], {
      stdio: 'inherit',
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repo, 'tsconfig.tsx.json') },
    });

// Ctrl-C reaches the whole process group anyway; SIGTERM from a supervisor reaches only us.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}

child.on('error', (error) => {
  process.stderr.write(`faultline: cannot start the CLI: ${error.message}\n`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (signal !== null) {
    // Die of the same signal so the caller sees what happened to the CLI.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
