#!/usr/bin/env node
// Creates the skeleton of a workspace project: `node scripts/new-project.mjs <dir> <name> <tag>...`
// (for example `libs/platform/config @faultline/platform-config type:platform`).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, name, ...tags] = process.argv.slice(2);
if (!dir || !name || tags.length === 0) {
  console.error('usage: node scripts/new-project.mjs <dir> <package-name> <tag>...');
  process.exit(2);
}
const up = relative(dir, '.') || '.';
const write = (file, text) => {
  const path = join(dir, file);
  if (existsSync(path)) return;
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
};
mkdirSync(join(dir, 'src'), { recursive: true });
const isService = tags.includes('type:service');
write('package.json', JSON.stringify({
  name,
  version: '0.1.0',
  private: true,
  type: 'module',
  exports: { '.': { '@faultline/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } },
  scripts: { build: 'tsc -p tsconfig.lib.json', lint: 'eslint src', test: 'vitest run' },
  nx: { tags },
  dependencies: {},
}, null, 2));
write('tsconfig.json', JSON.stringify({
  extends: `${up}/tsconfig.base.json`,
  compilerOptions: { noEmit: true, types: ['node', 'vitest/globals'] },
  include: ['src/**/*.ts', 'test/**/*.ts', 'vitest.config.ts'],
}, null, 2));
write('tsconfig.lib.json', JSON.stringify({
  extends: './tsconfig.json',
  compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist', customConditions: [], types: ['node'], tsBuildInfoFile: 'dist/.tsbuildinfo' },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts'],
}, null, 2));
write('vitest.config.ts', `import { projectConfig } from '${up}/vitest.shared.js';\n\nexport default projectConfig('${name.replace('@faultline/', '')}');`);
write('src/index.ts', `// Public surface of ${name}.\nexport {};`);
console.log(`created ${dir} (${name}; ${tags.join(', ')}${isService ? '' : ''})`);
