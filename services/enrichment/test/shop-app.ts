// The test shop: bundled and minified by esbuild with an external source map, given debug ids by
// the real `sentry-cli sourcemaps inject`, uploaded with the real `sentry-cli sourcemaps upload`,
// and run in headless Chromium with @sentry/browser to get a real minified event.
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const CHROMIUM = '/usr/bin/chromium';
const SENTRY_CLI = require.resolve('@sentry/cli/bin/sentry-cli');

/** A built shop: the directory served as the site root (`assets/app.js`, `assets/app.js.map`). */
export interface BuiltShop {
  root: string;
  assets: string;
}

/** Bundles and minifies the shop with a source map into a fresh directory (through `plugins`, e.g. Sentry's bundler plugin). */
export async function buildShop(plugins: esbuild.Plugin[] = []): Promise<BuiltShop> {
  const root = await mkdtemp(join(tmpdir(), 'faultline-shop-'));
  const assets = join(root, 'assets');
  await mkdir(assets);
  // The sources are copied next to the output so the map names them `../src/…`, as a real
  // project's build would, instead of by absolute paths of this checkout.
  const src = join(root, 'src');
  await mkdir(src);
  for (const file of ['main.js', 'cart.ts', 'format.ts']) await copyFile(join(here, 'fixtures/shop', file), join(src, file));
  await esbuild.build({
    entryPoints: [join(src, 'main.js')],
    nodePaths: [join(here, '../../../node_modules')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    sourcemap: true,
    sourcesContent: true,
    outfile: join(assets, 'app.js'),
    logLevel: 'silent',
    plugins,
  });
  await copyFile(join(here, 'fixtures/shop/index.html'), join(root, 'index.html'));
  return { root, assets };
}

/** Runs the real sentry-cli with `args`; resolves with its output. */
export async function sentryCli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await promisify(execFile)(process.execPath, [SENTRY_CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SENTRY_LOAD_DOTENV: '0', SENTRY_DISABLE_UPDATE_CHECK: '1', ...env },
      timeout: 60_000,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`sentry-cli ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Serves `root` on 127.0.0.1 (like a CDN would). */
export async function serve(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      const body = await readFile(join(root, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Opens the shop in headless Chromium, runs the checkout, and returns the event @sentry/browser prepared. */
export async function captureInChromium(origin: string): Promise<Record<string, unknown>> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/?session=s-123`);
    await page.evaluate('window.runCheckout()');
    await page.waitForFunction('window.__events.length > 0', undefined, { timeout: 10_000 });
    return (await page.evaluate('window.__events[0]')) as Record<string, unknown>;
  } finally {
    await browser.close();
  }
}
