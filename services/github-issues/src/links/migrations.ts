// The tables of github-issues, for `faultline migrate` (tools/cli/src/migration-sets.ts) and tests.
import type { EntityDefinition, MigrationClass } from '@faultline/platform-persistence';
import { CreateGithubIssues1796700000000 } from './migrations/1796700000000-create-github-issues.migration.js';

/** No entities: the link store uses SQL directly (its claims are compare-and-set updates). */
export const GITHUB_ISSUES_ENTITIES: readonly EntityDefinition[] = [];
/** Every migration of github-issues. */
export const GITHUB_ISSUES_MIGRATIONS: readonly MigrationClass[] = [CreateGithubIssues1796700000000];
