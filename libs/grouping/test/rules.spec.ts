// Server-side fingerprint rules: Sentry's syntax, matchers, negation, globs, title override, parse errors.
import { explain, fingerprintEvent, parseRules, regroup, RuleParseError } from '../src/index.js';
import { loadInput } from './support/inputs.js';

const RULES = `
# checkout errors in one issue whatever the browser says
error.type:TypeError error.value:"*undefined*" function:computeTotal -> checkout-type-errors title="Checkout TypeErrors"
message:"Payment * failed*" -> payment-failures, {{ default }}
tags.tenant:acme !level:warning -> acme-{{ type }}
path:**/static/js/main.*.js function:renderProfile -> profile
`;

describe('fingerprint rules', () => {
  it('parses rules with their lines', () => {
    const rules = parseRules(RULES);
    expect(rules.map((r) => r.line)).toEqual([3, 4, 5, 6]);
    expect(rules[0]).toMatchObject({ fingerprint: ['checkout-type-errors'], title: 'Checkout TypeErrors', matchers: [{ key: 'error.type', pattern: 'TypeError', negated: false }, { key: 'error.value', pattern: '*undefined*' }, { key: 'function', pattern: 'computeTotal' }] });
    expect(rules[1]!.fingerprint).toEqual(['payment-failures', '{{ default }}']);
    expect(rules[2]!.matchers[1]).toEqual({ key: 'level', pattern: 'warning', negated: true });
  });

  it('a matching rule sets the fingerprint and the title, across browsers', () => {
    const chrome = fingerprintEvent(loadInput('chrome-checkout'), { rules: RULES });
    const safari = fingerprintEvent(loadInput('safari-checkout'), { rules: RULES });
    expect(chrome.source).toBe('rule');
    expect(chrome.title).toBe('Checkout TypeErrors');
    expect(chrome.matchedRule?.line).toBe(3);
    expect(chrome.hashes[0]!.hash).toBe(safari.hashes[0]!.hash);
    expect(chrome.hashes[0]!.hash).not.toBe(fingerprintEvent(loadInput('chrome-checkout')).hashes[0]!.hash);
  });

  it('does not match other events, which keep the default grouping and title', () => {
    const r = fingerprintEvent(loadInput('chrome-recursion-depth-3'), { rules: RULES });
    expect(r.source).toBe('default');
    expect(r.title).toBe("TypeError: Cannot read properties of undefined (reading 'length')");
  });

  it('matches paths with globs and messages case-insensitively; keeps {{ default }}', () => {
    expect(fingerprintEvent(loadInput('chrome-profile'), { rules: RULES }).hashes[0]!.tree.values[0]).toMatchObject({ values: ['profile'] });
    const pay = fingerprintEvent(loadInput('message-payment-1'), { rules: RULES.replace('Payment * failed*', 'payment * FAILED*') });
    expect(pay.source).toBe('rule');
    expect((pay.hashes[0]!.tree.values[1] as { id: string }).id).toBe('default');
  });

  it('overrides the SDK fingerprint, and honours negation', () => {
    const e = loadInput('sdk-fingerprint-variables');
    expect(fingerprintEvent(e, { rules: RULES }).hashes[0]!.tree.values[0]).toMatchObject({ values: ['acme-TimeoutError'] });
    e.level = 'warning';
    expect(fingerprintEvent(e, { rules: RULES }).source).toBe('sdk');
  });

  it('explains the matched rule', () => {
    expect(explain(loadInput('firefox-checkout'), { rules: RULES })).toContain('source:  rule (rule on line 3: error.type:TypeError');
  });

  it.each([
    ['error.type:TypeError checkout', 1, 22, 'unknown matcher "checkout"'],
    ['error.type:TypeError function -> x', 1, 30, 'expected ":" after "function"'],
    ['error.type:TypeError -> {{ default', 1, 25, 'unterminated variable'],
    ['error.typo:TypeError -> x', 1, 1, 'unknown matcher "error.typo"'],
    ['\n\nerror.value:"abc -> x', 3, 13, 'unterminated quoted string'],
    ['error.type:TypeError ->', 1, 24, 'expected a fingerprint after "->"'],
    ['error.type:TypeError -> x colour="red"', 1, 27, 'unknown attribute "colour"'],
    ['-> x', 1, 1, 'expected a matcher'],
  ])('reports %j at line %i, column %i', (text, line, column, reason) => {
    let err: unknown;
    try {
      parseRules(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleParseError);
    expect(err).toMatchObject({ line, column });
    expect((err as Error).message).toContain(reason);
  });
});

describe('regroup dry run', () => {
  it('reports which events a rule change moves and how many groups result', () => {
    const events = ['chrome-checkout', 'firefox-checkout', 'chrome-profile', 'message-payment-1'].map(loadInput);
    const report = regroup(events, {}, { rules: 'error.type:TypeError -> all-type-errors' });
    expect(report).toMatchObject({ events: 4, groupsBefore: 3, groupsAfter: 2 });
    expect(report.changed.map((c) => c.eventId)).toEqual(events.slice(0, 3).map((e) => e.eventId));
  });
});
