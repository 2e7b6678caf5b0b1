// Entry point of github-issues: `node services/github-issues/dist/main.js`.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootstrapConfigOrExit } from '@faultline/platform-config';
import { createGithubIssuesApp } from './create-github-issues-app.js';
import { githubIssuesConfigSchema } from './github-issues.config.js';
import { describeMode } from './github-issues.module.js';

const config = bootstrapConfigOrExit(githubIssuesConfigSchema);
const app = await createGithubIssuesApp(config);
await app.init();
await app.startAllMicroservices();
await app.listen(config.GITHUB_ISSUES_PORT, config.GITHUB_ISSUES_HOST);
new Logger('github-issues').log(`listening on ${await app.getUrl()}; GitHub: ${describeMode(config)}`);
