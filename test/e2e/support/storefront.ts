// The storefront of the end-to-end tests (test/e2e/fixtures/web): three modules that throw three
// different errors, bundled with @sentry/browser and minified by esbuild with source maps, given
// debug ids and uploaded by the real sentry-cli, served over HTTP and driven in headless Chromium.
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const require = createRequire(import.meta.url);
const FIXTURE = fileURLToPath(new URL('../fixtures/web/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
const SENTRY_CLI = require.resolve('@sentry/cli/bin/sentry-cli');

/** User agents of the "different browsers" the repeated error comes from. */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
];

/** Builds the storefront into `<dir>/site` (index.html, static/js/app.js + map). */
export async function buildStorefront(dir: string): Promise<string> {
  const site = join(dir, 'site');
  const src = join(dir, 'src');
  await mkdir(join(site, 'static/js'), { recursive: true });
  // Sources copied next to the build, so the map names them ../../src/… as a real project's would.
  await cp(join(FIXTURE, 'src'), src, { recursive: true });
  await copyFile(join(FIXTURE, 'index.html'), join(site, 'index.html'));
  await esbuild.build({
    entryPoints: [join(src, 'main.js')],
    nodePaths: [NODE_MODULES],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    sourcemap: true,
    sourcesContent: true,
    outfile: join(site, 'static/js/app.js'),
    logLevel: 'silent',
  });
  return site;
}

/** Runs the real sentry-cli; rejects with its output when it fails. */
export async function sentryCli(args: string[], env: Record<string, string>): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SENTRY_CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SENTRY_LOAD_DOTENV: '0', SENTRY_DISABLE_UPDATE_CHECK: '1', ...env },
      timeout: 60_000,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`sentry-cli ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Serves the site; `/config.js` tells the page its DSN and release (changeable between page loads). */
export async function serveStorefront(site: string, config: { dsn: string; release: string }) {
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/config.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(`window.FAULTLINE_DSN=${JSON.stringify(config.dsn)};window.FAULTLINE_RELEASE=${JSON.stringify(config.release)};`);
      return;
    }
    try {
      const body = await readFile(join(site, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : path.endsWith('.map') ? 'application/json' : 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, config, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Opens the storefront as `userAgent`, triggers `error` `times` times, and waits until the SDK sent them. */
export async function throwIn(browser: Browser, origin: string, error: 'cart' | 'pay' | 'search', times: number, userAgent = USER_AGENTS[0]) {
  const context = await browser.newContext({ userAgent });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    for (let i = 0; i < times; i++) {
      await page.evaluate(`window.trigger(${JSON.stringify(error)})`);
      await page.waitForTimeout(5);
    }
    await page.waitForTimeout(50);
    const flushed = await page.evaluate('window.flush()');
    if (flushed !== true) throw new Error(`@sentry/browser did not flush its ${times} ${error} events`);
  } finally {
    await context.close();
  }
}
