// The real Sentry SDKs as clients: @sentry/node in this process, @sentry/browser in
// headless Chromium on another origin (real CORS), and sentry-cli send-event. Switching
// to Faultline takes nothing but the DSN.
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import * as Sentry from '@sentry/node';
import { metricValue, startGateway, type Gateway } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const until = async (predicate: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('real Sentry SDKs against the gateway (real NATS and PostgreSQL)', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await Sentry.close(2_000);
    await gw.close();
  });

  it('@sentry/node: a captured exception arrives with its stack frames intact', async () => {
    Sentry.init({ dsn: gw.dsn, release: 'api@2.0.0', environment: 'test', defaultIntegrations: false, integrations: [Sentry.contextLinesIntegration()] });
    function chargeCard(): never {
      throw new TypeError('card.token is undefined');
    }
    let eventId = '';
    try {
      chargeCard();
    } catch (error) {
      eventId = Sentry.captureException(error);
    }
    expect(await Sentry.flush(5_000)).toBe(true);
    await until(async () => (await gw.ingested()).some((m) => m.event.eventId === eventId));
    const stored = (await gw.ingested()).find((m) => m.event.eventId === eventId)!;
    expect(stored.event.client?.sdkName).toBe('sentry.javascript.node');
    const exception = stored.event.event!.exception!.values[0];
    expect(exception.type).toBe('TypeError');
    expect(exception.value).toBe('card.token is undefined');
    const top = exception.stacktrace!.frames.at(-1)!;
    expect(top.function).toBe('chargeCard');
    expect(top.filename).toContain('sentry-sdks.int-spec.ts');
    expect(top.contextLine).toContain("throw new TypeError('card.token is undefined')");
    expect(stored.event.event!.release).toBe('api@2.0.0');
  });

  it.skipIf(!existsSync(CHROMIUM))('@sentry/browser in headless Chromium: an uncaught error from another origin arrives', async () => {
    const bundle = await esbuild.build({
      stdin: { contents: "import * as Sentry from '@sentry/browser'; window.Sentry = Sentry;", resolveDir: process.cwd() },
      bundle: true,
      format: 'iife',
      write: false,
      minify: true,
    });
    const page = `<!doctype html><html><body><button id="buy">Buy</button>
<script>${bundle.outputFiles[0].text}</script>
<script>
  Sentry.init({ dsn: ${JSON.stringify(gw.dsn)}, release: 'web@3.1.0' });
  function addToCart(item) { return item.price.amount; }
  document.getElementById('buy').addEventListener('click', function onBuy() { addToCart(undefined); });
</script></body></html>`;
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${port}/`);
      const before = (await gw.ingested()).length;
      await tab.click('#buy');
      await until(async () => (await gw.ingested()).length > before);
      const stored = (await gw.ingested()).at(-1)!;
      expect(stored.event.client?.sdkName).toBe('sentry.javascript.browser');
      expect(stored.event.client?.origin).toBe(`http://127.0.0.1:${port}`);
      const exception = stored.event.event!.exception!.values[0];
      expect(exception.type).toBe('TypeError');
      expect(exception.mechanism?.handled).toBe(false);
      const functions = exception.stacktrace!.frames.map((f) => f.function);
      expect(functions.at(-1)).toBe('addToCart');
      expect(functions).toContain('HTMLButtonElement.onBuy');
      expect(exception.stacktrace!.frames.at(-1)!.filename).toBe(`http://127.0.0.1:${port}/`);
    } finally {
      await browser.close();
      server.close();
    }
  });

  it('sentry-cli send-event (header auth) is accepted', async () => {
    const bin = require.resolve('@sentry/cli/bin/sentry-cli');
    const before = (await gw.ingested()).length;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, 'send-event', '-m', 'deploy finished with warnings', '--release', 'cli@1'], {
      env: { ...process.env, SENTRY_DSN: gw.dsn },
    });
    expect(`${stdout}${stderr}`).toMatch(/Event dispatched|[0-9a-f]{32}/);
    await until(async () => (await gw.ingested()).length > before);
    const stored = (await gw.ingested()).at(-1)!;
    expect(stored.event.event?.release).toBe('cli@1');
  });

  it('429 with Retry-After and X-Sentry-Rate-Limits makes @sentry/node stop sending', async () => {
    const key = await gw.store.createKey(gw.project.slug, { label: 'limited', rateLimitPerMinute: 1 });
    await new Promise((r) => setTimeout(r, 600));
    const dsn = gw.dsn.replace(gw.key.publicKey, key.publicKey);
    const direct = async () =>
      fetch(`${gw.url}/api/${gw.project.id}/store/?sentry_key=${key.publicKey}`, {
        method: 'POST',
        body: JSON.stringify({ message: 'probe' }),
      });
    expect((await direct()).status).toBe(200);
    const limited = await direct();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-sentry-rate-limits')).toMatch(/^\d+:error;default;security:key$/);

    await Sentry.close(2_000);
    Sentry.init({ dsn, defaultIntegrations: false });
    const project = String(gw.project.id);
    const rateLimited = async () => metricValue(await gw.metrics(), 'faultline_ingest_events_total', { project, outcome: 'rate_limited' });
    const first = await rateLimited();
    Sentry.captureException(new Error('first after the limit'));
    await Sentry.flush(5_000);
    expect(await rateLimited()).toBe(first + 1); // the SDK sent it and learned the limit
    for (let i = 0; i < 5; i++) Sentry.captureException(new Error(`dropped by the SDK ${i}`));
    await Sentry.flush(5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await rateLimited()).toBe(first + 1); // nothing more reached the gateway
  });
});
