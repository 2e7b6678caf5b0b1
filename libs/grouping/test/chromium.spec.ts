// Live check: the app runs in real headless Chromium from another origin and content hash than the
// committed corpus; V8's stacks, parsed like /api/v1/report does, must land in the Firefox/Safari groups.
import { create, SentryEventSchema, type SentryEvent } from '@faultline/contracts';
import { parseStack } from '@faultline/envelope';
import { fingerprintEvent } from '../src/index.js';
import { captureChromeErrors, hasChromium, type CapturedError } from './support/chromium.js';
import { loadInput } from './support/inputs.js';

function toEvent(e: CapturedError): SentryEvent {
  const frames = parseStack(e.stack).map((f) => ({ filename: f.filename ?? '', absPath: f.abs_path ?? '', function: f.function ?? '', lineno: f.lineno ?? 0, colno: f.colno ?? 0, inApp: f.in_app }));
  return create(SentryEventSchema, { exception: { values: [{ type: e.type, value: e.value, stacktrace: { frames } }] } });
}

const hash = (e: SentryEvent) => fingerprintEvent(e).hashes[0]!.hash;

describe.skipIf(!hasChromium)('real Chromium stacks', () => {
  it('group with the Firefox and Safari stacks of the same errors, and apart from each other', async () => {
    const errors = await captureChromeErrors('https://www.shop.test/assets/main.c0ffee42.js?build=9', ['buy', 'profile', 'tree'], 5);
    expect(hash(toEvent(errors.buy!))).toBe(hash(loadInput('firefox-checkout')));
    expect(hash(toEvent(errors.buy!))).toBe(hash(loadInput('safari-checkout')));
    expect(hash(toEvent(errors.profile!))).toBe(hash(loadInput('firefox-profile')));
    expect(hash(toEvent(errors.tree!))).toBe(hash(loadInput('safari-recursion')));
    expect(new Set([errors.buy, errors.profile, errors.tree].map((e) => hash(toEvent(e!)))).size).toBe(3);
  });
});
