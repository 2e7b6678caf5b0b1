#!/usr/bin/env node
// `npm run bench -- <name> [...]`: runs bench/<name>.ts (all of them without a name).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const available = readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : available;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  console.log(`== bench ${name}`);
  const run = spawnSync(process.execPath, ['--conditions=@faultline/source', '--import', 'tsx', `bench/${name}.bench.ts`], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.tsx.json' },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
