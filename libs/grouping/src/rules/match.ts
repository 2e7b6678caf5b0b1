// Evaluates fingerprint rules against an event: every matcher of a rule must hold (a negated one must
// not); the first matching rule wins. Frame and exception matchers hold when any frame/exception matches.
import type { SentryEvent, StackFrame } from '@faultline/contracts';
import { normalizeFunction } from '../normalize/function.js';
import { eventMessage } from '../strategies/message.js';
import { globMatch } from './glob.js';
import type { FingerprintRule, RuleMatcher } from './parse.js';

/** The first rule whose matchers all hold for the event, or undefined. */
export function findMatchingRule(rules: readonly FingerprintRule[], event: SentryEvent): FingerprintRule | undefined {
  return rules.find((r) => r.matchers.every((m) => matcherHolds(m, event)));
}

/** Whether one matcher holds, negation applied. */
export function matcherHolds(m: RuleMatcher, event: SentryEvent): boolean {
  return positive(m, event) !== m.negated;
}

function positive(m: RuleMatcher, event: SentryEvent): boolean {
  const excs = event.exception?.values ?? [];
  const frames = (): StackFrame[] => excs.flatMap((e) => e.stacktrace?.frames ?? []);
  const any = (values: string[], ignoreCase: boolean) => values.some((v) => globMatch(m.pattern, v, ignoreCase));
  switch (m.key) {
    case 'error.type':
    case 'type':
      return any(excs.map((e) => e.type), false);
    case 'error.value':
    case 'value':
      return any(excs.map((e) => e.value), true);
    case 'message':
      // Sentry's `message` matches the log message or an exception value.
      return any([eventMessage(event), event.message?.formatted ?? '', ...excs.map((e) => e.value)].filter(Boolean), true);
    case 'module':
    case 'stack.module':
      return any(frames().map((f) => f.module).filter(Boolean), false);
    case 'function':
    case 'stack.function':
      return any(frames().flatMap((f) => [f.function, normalizeFunction(f.function)]).filter(Boolean), false);
    case 'path':
    case 'stack.abs_path':
      return any(frames().flatMap((f) => [f.absPath, f.filename]).filter(Boolean), true);
    case 'release':
      return globMatch(m.pattern, event.release, false);
    case 'level':
      return globMatch(m.pattern, event.level || 'error', true);
    default: {
      const tag = m.key.slice('tags.'.length);
      const v = event.tags[tag];
      return v !== undefined && globMatch(m.pattern, v, false);
    }
  }
}
