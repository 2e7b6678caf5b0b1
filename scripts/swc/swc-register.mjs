// `node --import tsx --import ./scripts/swc/swc-register.mjs file.ts`: see swc-hooks.mjs. Used by the test harnesses
// and benchmarks that start a service from source (alert-router, github-issues).
import { register } from 'node:module';

register('./swc-hooks.mjs', import.meta.url);
