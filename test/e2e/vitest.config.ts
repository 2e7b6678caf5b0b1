// The end-to-end tests: every service built and run as its own process (npm test builds first).
// They run after every other project (groupOrder 1), one file at a time: each starts the whole
// stack, and the chaos test needs the machine's two cores to itself to keep its load steady.
import { defineProject, mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.js';

export default mergeConfig(
  projectConfig('e2e'),
  defineProject({
    test: {
      include: ['*.int-spec.ts'],
      testTimeout: 180_000,
      hookTimeout: 240_000,
      fileParallelism: false,
      sequence: { groupOrder: 1 },
    },
  }),
);
