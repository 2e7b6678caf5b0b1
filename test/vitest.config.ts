// Workspace-level tests (the repository's own rules), run with every project's tests.
import { defineProject, mergeConfig } from 'vitest/config';
import { projectConfig } from '../vitest.shared.js';

export default mergeConfig(projectConfig('workspace'), defineProject({ test: { include: ['*.spec.ts'] } }));
