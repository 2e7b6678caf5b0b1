import { readFileSync } from 'node:fs';
import { defaultStackParser } from '@sentry/browser';
import { parseStack, type ParsedFrame } from './stack-parser.js';

interface Fixture {
  stacks: Record<string, string>;
}
const load = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')) as Fixture;
const brief = (frames: ParsedFrame[]) => frames.map((f) => [f.function, f.filename, f.lineno, f.colno]);

/** What @sentry/browser makes of the same string (its parser caps at 50 frames and keeps the same order). */
function sentry(stack: string) {
  return defaultStackParser(stack).map((f) => [f.function, f.filename, f.lineno, f.colno]);
}

describe('parseStack', () => {
  it('matches @sentry/browser on real Chrome stacks', () => {
    for (const [name, stack] of Object.entries(load('chrome-stacks.json').stacks)) {
      expect(brief(parseStack(stack)), name).toEqual(sentry(stack));
    }
  });

  it('parses Chrome frames: methods, constructors, eval, anonymous, async', () => {
    const { stacks } = load('chrome-stacks.json');
    expect(brief(parseStack(stacks.method!)).slice(-2)).toEqual([
      ['method', 'http://app.test/static/app.js', 5, 28],
      ['Cart.total', 'http://app.test/static/app.js', 2, 42],
    ]);
    expect(parseStack(stacks.ctor!).at(-1)).toEqual({ function: 'new Widget', filename: 'http://app.test/static/app.js', abs_path: 'http://app.test/static/app.js', lineno: 3, colno: 26, in_app: true });
    expect(brief(parseStack(stacks.evalFrame!)).slice(-3)).toEqual([
      ['evalFrame', 'http://app.test/static/app.js', 7, 20],
      ['eval', 'http://app.test/static/app.js', 7, 20],
      ['evaled', 'http://app.test/static/app.js', 7, 20],
    ]);
    expect(brief(parseStack(stacks.anon!)).at(-1)).toEqual(['?', 'http://app.test/static/app.js', 10, 30]);
    expect(brief(parseStack(stacks.asyncFn!)).slice(-2)).toEqual([
      ['async asyncFn', 'http://app.test/static/app.js', 11, 99],
      ['loadUser', 'http://app.test/static/app.js', 11, 72],
    ]);
    expect(brief(parseStack(stacks.arrayCb!)).slice(-2)[0]).toEqual(['Array.map', '<anonymous>', undefined, undefined]);
  });

  it('matches @sentry/browser on Edge stacks (Chromium and legacy EdgeHTML)', () => {
    for (const stack of Object.values(load('edge-stacks.json').stacks)) expect(brief(parseStack(stack))).toEqual(sentry(stack));
    expect(brief(parseStack(load('edge-stacks.json').stacks.legacy!))).toEqual([
      ['Global code', 'https://app.test/static/main.js', 30, 1],
      ['render', 'https://app.test/static/main.js', 20, 3],
      ['Anonymous function', 'https://app.test/static/main.js', 10, 5],
    ]);
  });

  it('parses Firefox stacks like @sentry/browser, with cleaner Function frames', () => {
    const { stacks } = load('firefox-stacks.json');
    for (const name of ['method', 'closure', 'evalFrame', 'asyncFn', 'oldArgs']) expect(brief(parseStack(stacks[name]!)), name).toEqual(sentry(stacks[name]!));
    expect(brief(parseStack(stacks.method!))).toEqual([
      ['?', 'http://app.test/static/app.js', 12, 1],
      ['method', 'http://app.test/static/app.js', 5, 28],
      ['total', 'http://app.test/static/app.js', 2, 42],
    ]);
    expect(brief(parseStack(stacks.evalFrame!)).at(-1)).toEqual(['evaled', 'http://app.test/static/app.js', 7, undefined]);
    expect(brief(parseStack(stacks.fnCtor!))).toEqual([
      ['fnCtor', 'http://app.test/static/app.js', 8, 51],
      ['anonymous', 'http://app.test/static/app.js', 8, undefined],
    ]);
  });

  it('parses Safari stacks like @sentry/browser', () => {
    const { stacks } = load('safari-stacks.json');
    for (const [name, stack] of Object.entries(stacks)) expect(brief(parseStack(stack)), name).toEqual(sentry(stack));
    expect(brief(parseStack(stacks.method!))[0]).toEqual(['global code', 'http://app.test/static/app.js', 12, 1]);
    expect(parseStack(stacks.native!)[1]).toEqual({ function: 'map', filename: '[native code]', in_app: false });
  });

  it('skips garbage and cuts very long lines', () => {
    expect(parseStack('not a stack\n\n   ')).toEqual([]);
    expect(parseStack(`    at f (http://x.test/${'a'.repeat(5000)}.js:1:2)`)).toHaveLength(1);
  });
});
