// `npm run demo`: with `npm run up` running, drives a real @sentry/browser storefront in headless
// Chromium against the local stack — minified bundle, maps uploaded with the real sentry-cli —
// throws three different errors (one of them five times), and prints the GitHub issues that
// come out (the dry-run files when no GitHub credentials are configured).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStorefront, CHROMIUM, launchChromium, sentryCli, serveStorefront, throwIn } from '../test/e2e/support/storefront.js';

const port = (variable: string, fallback: number) => Number(process.env[variable] ?? fallback);
const enrichmentUrl = `http://127.0.0.1:${port('ENRICHMENT_PORT', 8081)}`;
const dryRunDir = process.env.GITHUB_DRY_RUN_DIR ?? '.faultline/github-dry-run';
const say = (line: string) => console.log(`[demo] ${line}`);

function cli(args: string[]): string {
  const run = spawnSync(process.execPath, ['bin/faultline.mjs', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`faultline ${args.join(' ')} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

async function up(url: string): Promise<boolean> {
  return (await fetch(`${url}/readyz`).catch(() => undefined))?.ok === true;
}

if (!existsSync(CHROMIUM)) {
  console.error(`[demo] headless Chromium is missing (${CHROMIUM}): apt-get install -y chromium`);
  process.exit(1);
}
for (const [name, variable, fallback] of [['ingest', 'INGEST_PORT', 8080], ['enrichment', 'ENRICHMENT_PORT', 8081], ['github-issues', 'GITHUB_ISSUES_PORT', 8084]] as const) {
  if (!(await up(`http://127.0.0.1:${port(variable, fallback)}`))) {
    console.error(`[demo] ${name} does not answer on port ${port(variable, fallback)}: start the stack first with npm run up`);
    process.exit(1);
  }
}

const demo = (JSON.parse(cli(['project', 'list', '--json'])) as { slug: string; dsn: string | null }[]).find((p) => p.slug === 'demo');
if (!demo?.dsn) {
  console.error('[demo] no demo project with an active key: npm run up creates it');
  process.exit(1);
}
const token = cli(['token', 'create', '--name', `demo-${Date.now()}`, '--scope', 'project:releases']).trim().split('\n').at(-1)!;
const dir = mkdtempSync(join(tmpdir(), 'faultline-demo-'));
const site = await buildStorefront(dir);
const release = `shop@demo-${Date.now()}`;
const sentry = { SENTRY_URL: enrichmentUrl, SENTRY_AUTH_TOKEN: token, SENTRY_ORG: 'demo', SENTRY_PROJECT: 'demo' };
await sentryCli(['sourcemaps', 'inject', `${site}/static/js`], sentry);
await sentryCli(['sourcemaps', 'upload', '--release', release, '--url-prefix', '~/static/js', `${site}/static/js`], sentry);
say(`storefront built, minified, and its source maps uploaded with sentry-cli (release ${release})`);

const startedAt = Date.now();
const shop = await serveStorefront(site, { dsn: demo.dsn, release });
const browser = await launchChromium();
try {
  await throwIn(browser, shop.origin, 'cart', 5);
  await throwIn(browser, shop.origin, 'pay', 1);
  await throwIn(browser, shop.origin, 'search', 1);
  say(`threw 7 errors from ${shop.origin} in headless Chromium (@sentry/browser)`);
} finally {
  await browser.close();
  await shop.close();
}

if (process.env.GITHUB_TOKEN || process.env.GITHUB_APP_ID) {
  say(`GitHub credentials are configured: the issues go to the demo project's repository (${process.env.GITHUB_REPOSITORY ?? 'see npx faultline project list'}).`);
  process.exit(0);
}
// Dry run: wait for the rendered issues written since the errors were thrown.
const fresh = () =>
  existsSync(dryRunDir)
    ? readdirSync(dryRunDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(dryRunDir, f))
        .filter((f) => statSync(f).mtimeMs >= startedAt)
    : [];
const deadline = Date.now() + 30_000;
while (fresh().length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
const files = fresh();
if (files.length === 0) {
  console.error(`[demo] no issue appeared in ${dryRunDir} within 30 s; see the services' logs`);
  process.exit(1);
}
for (const file of files) {
  console.log(`\n===== ${file} =====\n`);
  console.log(readFileSync(file, 'utf8'));
}
say(`${files.length} issue(s) rendered (dry run: no GitHub credentials) in ${dryRunDir}/`);
