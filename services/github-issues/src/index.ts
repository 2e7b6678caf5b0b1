// Public surface of @faultline/github-issues (for the CLI's migrations and for tests).
export { createGithubIssuesApp } from './create-github-issues-app.js';
export { githubIssuesConfigSchema, loadGithubIssuesConfig, type GithubIssuesConfig } from './github-issues.config.js';
export { GITHUB_ISSUES_ENTITIES, GITHUB_ISSUES_MIGRATIONS } from './links/migrations.js';
export { groupMarker } from './render/group-issue.js';
export { alertmanagerMarker } from './http/alertmanager-bridge.js';
