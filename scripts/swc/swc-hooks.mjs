// Module hooks that compile the repository's TypeScript with SWC and decorator metadata (as the
// Vitest setup and tsc builds do), for processes started from source. tsx (registered first) still
// resolves `.js` specifiers to `.ts` files; only loading is done here. Needed because tsx/esbuild
// emit no `design:paramtypes`, which some platform modules still rely on.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const source = await readFile(filename, 'utf8');
  const out = await transform(source, {
    filename,
    sourceMaps: 'inline',
    module: { type: 'es6' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  });
  return { format: 'module', source: out.code, shortCircuit: true };
}
