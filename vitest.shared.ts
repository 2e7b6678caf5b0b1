// Shared Vitest settings for every project: sources are resolved through the
// `@faultline/source` export condition (no build needed before testing), and SWC
// compiles TypeScript so that NestJS gets the decorator metadata it injects by.
import swc from 'unplugin-swc';
import { defineProject } from 'vitest/config';

// Only these two: Vitest hands `ssr.resolve.conditions` to Node as `--conditions`, and adding
// `import` there makes CommonJS packages such as pg load their dependencies' ESM builds.
const conditions = ['@faultline/source', 'node'];

/** Returns the Vitest project config for the project named `name`. */
export function projectConfig(name: string) {
  return defineProject({
    plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })],
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      name,
      environment: 'node',
      globals: true,
      include: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts', 'test/**/*.spec.ts', 'test/**/*.int-spec.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  });
}
