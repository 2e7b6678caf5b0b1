// The hash covers contributing leaf values only, so it changes exactly when an explained value changes.
import { createHash } from 'node:crypto';
import { contributingValues, type GroupingComponent } from './component.js';

/** md5 hex of an empty input: Sentry's fallback hash, shared by every event with nothing to group by. */
export const FALLBACK_HASH = createHash('md5').update('').digest('hex');

/** md5 hex (32 chars, Sentry's hash width) over the contributing values joined by NUL, which no value contains. */
export function hashComponent(tree: GroupingComponent): string {
  const values = contributingValues(tree);
  if (values.length === 0) return FALLBACK_HASH;
  return createHash('md5').update(values.join('\u0000')).digest('hex');
}
