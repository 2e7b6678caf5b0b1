import { defineProject } from 'vitest/config';
import { projectConfig } from '../../../vitest.shared.js';

const base = projectConfig('platform-testing');
// Vitest hands ssr.resolve.conditions to Node as --conditions. The shared list includes
// `import`, which makes require('pg-pool') inside pg load the ESM build and breaks pg, so
// this project keeps only the conditions that are safe for require() as well.
const conditions = ['@faultline/source', 'node'];

export default defineProject({
  ...base,
  ssr: { ...base.ssr, resolve: { ...base.ssr?.resolve, conditions, externalConditions: conditions } },
});
