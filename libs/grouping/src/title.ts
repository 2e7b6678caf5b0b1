// Title and culprit, like Sentry's: `TypeError: Cannot read properties of undefined (reading 'id')`
// and `onClick(/static/js/main.js)`.
import type { SentryEvent } from '@faultline/contracts';
import { displayPath } from './normalize/filename.js';
import { normalizeFunction, unusableFunctionReason } from './normalize/function.js';
import { eventMessage } from './strategies/message.js';
import { culpritFrame, mainException } from './variables.js';

/** Longest title kept; Sentry cuts at a similar length so list views stay one line. */
export const MAX_TITLE = 200;

/** The group title: `Type: first line of value`, else the message, else `<unlabeled event>`. */
export function eventTitle(event: SentryEvent): string {
  const exc = mainException(event);
  let t: string;
  if (exc) {
    const value = firstLine(exc.value);
    t = exc.type && value ? `${exc.type}: ${value}` : exc.type || value || 'Error';
  } else {
    t = firstLine(event.message?.formatted || eventMessage(event)) || '<unlabeled event>';
  }
  return t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
}

/** The culprit: the top in-app frame's function and file path, else the transaction. */
export function eventCulprit(event: SentryEvent): string {
  const f = culpritFrame(event);
  if (!f) return event.transaction;
  const fn = normalizeFunction(f.function);
  const file = f.module || displayPath(f.filename || f.absPath);
  return unusableFunctionReason(fn) ? file : `${fn}(${file})`;
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]!.trim();
}
