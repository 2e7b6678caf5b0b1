#!/usr/bin/env node
// `npm run gen:config-docs`: writes docs/CONFIG-REFERENCE.md from the services' configuration
// schemas (scripts/config-reference.ts, run through tsx with the sources as bench does).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = spawnSync(process.execPath, ['--conditions=@faultline/source', '--import', 'tsx', 'scripts/config-reference.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.tsx.json' },
});
process.exit(run.status ?? 1);
