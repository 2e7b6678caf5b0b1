// Regenerates test/fixtures/chrome-stacks.json from headless Chromium: node libs/envelope/test/gen-chrome-stacks.mjs (from the repo root).
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.route('http://app.test/**', (route) => {
  if (route.request().url().endsWith('.js')) return route.fulfill({ contentType: 'text/javascript', body: `
class Cart { total() { return this.items.reduce((a, b) => a + b.price, 0); } }
function Widget() { null.x; }
window.cases = {
  method: () => new Cart().total(),
  ctor: () => new Widget(),
  evalFrame: () => eval('(function evaled() { undefined.y; })()'),
  fnCtor: () => new Function('return undefined.z')(),
  arrayCb: () => [1].map(function mapper() { throw new RangeError('bad'); }),
  anon: () => (() => { throw new Error('anon'); })(),
  asyncFn: async () => { async function loadUser() { await null; throw new Error('async boom'); } await loadUser(); },
};
` });
  return route.fulfill({ contentType: 'text/html', body: '<script src="http://app.test/static/app.js"></script>' });
});
await page.goto('http://app.test/');
const stacks = await page.evaluate(async () => {
  const out = {};
  for (const [k, f] of Object.entries(window.cases)) { try { await f(); } catch (e) { out[k] = e.stack; } }
  return out;
});
console.log(JSON.stringify(stacks, null, 2));
writeFileSync('libs/envelope/test/fixtures/chrome-stacks.json', JSON.stringify({ userAgent: await page.evaluate(() => navigator.userAgent), stacks }, null, 2) + '\n');
await browser.close();
