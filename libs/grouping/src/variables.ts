// Fingerprint variables, as in Sentry: `{{ default }}` is the default grouping; `{{ type }}`,
// `{{ function }}`, `{{ module }}`, `{{ message }}`, `{{ level }}`, `{{ transaction }}`, `{{ release }}`
// and `{{ tags.<name> }}` are read from the event.
import type { SentryEvent } from '@faultline/contracts';
import { normalizeFilename, isNativeFile } from './normalize/filename.js';
import { normalizeFunction, unusableFunctionReason } from './normalize/function.js';
import { hasInAppFrames } from './strategies/stacktrace.js';
import { eventMessage } from './strategies/message.js';
import type { StackFrame } from '@faultline/contracts';

/** `{{ default }}` in any spacing. */
export function isDefaultVariable(value: string): boolean {
  return /^\{\{\s*default\s*\}\}$/i.test(value.trim());
}

/** The exception Sentry titles an event by: the last value (the one thrown, causes come first). */
export function mainException(event: SentryEvent) {
  return event.exception?.values.at(-1);
}

/** The frame a culprit names: the top (last) in-app, non-native frame with a usable function, else any usable top frame. */
export function culpritFrame(event: SentryEvent): StackFrame | undefined {
  const frames = mainException(event)?.stacktrace?.frames ?? [];
  const inAppOnly = hasInAppFrames(frames);
  const usable = frames.filter((f) => (!inAppOnly || f.inApp === true) && !isNativeFile(f.filename || f.absPath));
  return usable.findLast((f) => !unusableFunctionReason(normalizeFunction(f.function))) ?? usable.at(-1);
}

/** Expands `{{ name }}` variables other than default; an unknown variable or missing value becomes `<no name>`. */
export function expandVariables(value: string, event: SentryEvent): string {
  return value.replace(/\{\{\s*([a-z_.][\w.-]*)\s*\}\}/gi, (whole, name: string) => {
    const v = variable(name.toLowerCase(), name, event);
    return v === undefined ? whole : v || `<no ${name}>`;
  });
}

function variable(key: string, name: string, event: SentryEvent): string | undefined {
  const frame = culpritFrame(event);
  switch (key) {
    case 'default':
      return undefined;
    case 'type':
    case 'error.type':
      return mainException(event)?.type ?? '';
    case 'value':
    case 'error.value':
      return mainException(event)?.value ?? '';
    case 'function':
      return frame ? normalizeFunction(frame.function) : '';
    case 'module':
      return frame ? frame.module || normalizeFilename(frame.filename || frame.absPath) : '';
    case 'message':
      return eventMessage(event) || mainException(event)?.value || '';
    case 'level':
      return event.level || 'error';
    case 'transaction':
      return event.transaction;
    case 'release':
      return event.release;
    default:
      if (key.startsWith('tags.')) return event.tags[name.slice(5)] ?? '';
      return '';
  }
}
