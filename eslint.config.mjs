// Lint rules for every project. The module-boundary rule is the architecture in code:
// pure domain libraries import neither platform code nor NestJS nor any I/O client,
// services never import each other, and only libs/contracts crosses service boundaries.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const ioPackages = ['@nestjs/*', '@nats-io/*', 'typeorm', 'pg', 'minio', 'pino', 'nestjs-pino', 'prom-client', '@octokit/*'];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/coverage', 'libs/contracts/src/gen/**'] },
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // The CLI loads heavy libraries on demand to start fast; "lazy-loaded" only
          // matters to bundle splitting, which a Node process does not do.
          checkDynamicDependenciesExceptions: ['@faultline/platform-config', '@faultline/platform-persistence', '@faultline/platform-projects'],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: ioPackages },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'], bannedExternalImports: ioPackages },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'] },
          ],
        },
      ],
    },
  },
];
