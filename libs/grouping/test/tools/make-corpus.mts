// Regenerates test/inputs/*.json: Chrome stacks captured live in headless Chromium, Firefox, Safari and
// Edge stacks from their real text formats (test/fixtures/browser-stacks.json), all parsed into frames by
// @faultline/envelope's parseStack as /api/v1/report does, plus hand-written SDK-shaped events.
// Run: npx tsx libs/grouping/test/tools/make-corpus.mts
import { readFileSync, writeFileSync } from 'node:fs';
import { parseStack } from '@faultline/envelope';
import { captureChromeErrors } from '../support/chromium.js';

const dir = new URL('../inputs/', import.meta.url);
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/browser-stacks.json', import.meta.url), 'utf8')) as Record<string, { browser: string; type: string; value: string; stack: string }>;
let n = 0;

function write(name: string, event: Record<string, unknown>): void {
  n++;
  const id = n.toString(16).padStart(32, 'a');
  const full = { event_id: id, timestamp: '2026-11-27T20:00:00Z', platform: 'javascript', level: 'error', release: 'shop@1.4.2', environment: 'production', ...event };
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(full, null, 2)}\n`);
}

function exceptionEvent(type: string, value: string, stack: string, browser: string, cause?: { type: string; value: string; stack: string }): Record<string, unknown> {
  const exc = (t: string, v: string, s: string, source?: string) => ({
    type: t,
    value: v,
    mechanism: source ? { type: 'chained', source } : { type: 'auto.browser.global_handlers.onerror', handled: false },
    stacktrace: { frames: parseStack(s) },
  });
  const values = cause ? [exc(cause.type, cause.value, cause.stack, 'cause'), exc(type, value, stack)] : [exc(type, value, stack)];
  return { exception: { values }, contexts: { browser: { name: browser } }, tags: { browser: browser } };
}

const chrome = await captureChromeErrors('https://shop.test/static/js/main.3f9a1c.js', ['buy', 'profile', 'tree', 'submit']);
const chromeDeep = await captureChromeErrors('https://shop.test/static/js/main.3f9a1c.js', ['tree'], 7);
for (const [id, name] of [['buy', 'checkout'], ['profile', 'profile'], ['tree', 'recursion-depth-3']] as const) {
  const e = chrome[id]!;
  write(`chrome-${name}`, exceptionEvent(e.type, e.value, e.stack, 'Chrome'));
}
write('chrome-recursion-depth-7', exceptionEvent(chromeDeep.tree!.type, chromeDeep.tree!.value, chromeDeep.tree!.stack, 'Chrome'));
const s = chrome.submit!;
write('chrome-chained-cause', exceptionEvent(s.type, s.value, s.stack, 'Chrome', s.cause));
for (const [name, f] of Object.entries(fixtures)) write(name, exceptionEvent(f.type, f.value, f.stack, f.browser));

const hand = JSON.parse(readFileSync(new URL('../fixtures/sdk-events.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
for (const [name, event] of Object.entries(hand)) write(name, event);
console.log(`wrote ${n} inputs`);
