// Runs test/fixtures/app.js in headless Chromium, served from a fake origin, and returns the real
// Error.stack strings V8 printed for each button (the cause's stack too, for chained errors).
import { readFileSync, existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where the CI image installs Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether a Chromium binary is available to produce real stacks. */
export const hasChromium = existsSync(CHROMIUM);

/** One captured error: type, message and stack of the error and, when chained, of its cause. */
export interface CapturedError {
  type: string;
  value: string;
  stack: string;
  cause?: { type: string; value: string; stack: string };
}

const APP = readFileSync(new URL('../fixtures/app.js', import.meta.url), 'utf8');
const PAGE = `<!doctype html><body data-depth="DEPTH"><button id="buy"></button><button id="profile"></button><button id="tree"></button><button id="submit"></button><script src="SCRIPT"></script></body>`;

const RECORDER = `
  window.__errors = [];
  const describe = (e) => ({ type: e.name, value: e.message, stack: e.stack || '' });
  const record = (e) => window.__errors.push(Object.assign(describe(e), e.cause ? { cause: describe(e.cause) } : {}));
  window.addEventListener('error', (ev) => record(ev.error));
  window.addEventListener('unhandledrejection', (ev) => record(ev.reason));
`;

/** Clicks each button id in `clicks` on a page whose script lives at `scriptUrl`; returns the errors. */
export async function captureChromeErrors(scriptUrl: string, clicks: string[], depth = 3): Promise<Record<string, CapturedError>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const origin = new URL(scriptUrl).origin;
    await page.route(`${origin}/**`, (route) => {
      const url = route.request().url();
      if (url === scriptUrl) return route.fulfill({ contentType: 'text/javascript', body: APP });
      return route.fulfill({ contentType: 'text/html', body: PAGE.replace('SCRIPT', scriptUrl).replace('DEPTH', String(depth)) });
    });
    await page.goto(`${origin}/checkout`);
    // A string, not a function: transpilers add helpers (esbuild's __name) that do not exist in the page.
    await page.evaluate(RECORDER);
    const out: Record<string, CapturedError> = {};
    for (const id of clicks) {
      await page.click(`#${id}`);
      await page.waitForFunction(`window.__errors.length >= ${Object.keys(out).length + 1}`);
      const errors = (await page.evaluate('window.__errors')) as CapturedError[];
      out[id] = errors.at(-1)!;
    }
    return out;
  } finally {
    await browser.close();
  }
}
