// Test helper: runs the real `faultline` command (bin/faultline.mjs) as a child process.
import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
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

/** The environment of the current test: a fresh schema the CLI points at. */
export interface CliSuite {
  readonly env: Record<string, string>;
}

/** Registers beforeEach/afterEach giving every test a fresh PostgreSQL schema for the CLI. Call inside `describe`. */
export function useCliSchema(): CliSuite {
  let schema: TestSchema | undefined;
  beforeEach(async () => {
    schema = await createTestSchema();
  });
  afterEach(async () => {
    await schema?.drop();
  });
  return {
    get env() {
      if (!schema) throw new Error('useCliSchema: no test is running');
      return { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, FAULTLINE_PUBLIC_URL: 'http://127.0.0.1:8080' };
    },
  };
}
