// The whole suite: every project's vitest.config.ts, run as one Vitest invocation.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['libs/*/vitest.config.ts', 'libs/platform/*/vitest.config.ts', 'services/*/vitest.config.ts', 'tools/*/vitest.config.ts', 'test/vitest.config.ts', 'test/e2e/vitest.config.ts'],
    // Integration tests share one NATS and one PostgreSQL; files still run in parallel
    // because every test run uses its own schema and stream prefix.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
