// Test helper: runs the real `faultline` command (bin/faultline.mjs) as a child process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const launcher = fileURLToPath(new URL('../../../bin/faultline.mjs', import.meta.url));

/** What one run printed and how it exited. */
export interface FaultlineRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Non-empty stdout lines. */
  lines: string[];
}

/** Runs `faultline ...args` with `env` added to this process's environment. */
export function runFaultline(args: readonly string[], env: Record<string, string>): Promise<FaultlineRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [launcher, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((line) => line !== '') });
    });
  });
}
