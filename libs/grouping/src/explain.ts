// The dry run behind `npx faultline grouping explain`: every config's tree and hash as printable text.
import type { SentryEvent } from '@faultline/contracts';
import { formatTree } from './component.js';
import { fingerprintEvent, type FingerprintOptions } from './fingerprint.js';

/** A printable explanation of how an event groups: title, culprit, source, then each config's hash and tree. */
export function explain(event: SentryEvent, options: FingerprintOptions = {}): string {
  const r = fingerprintEvent(event, options);
  const lines = [`title:   ${r.title}`, `culprit: ${r.culprit}`, `source:  ${r.source}${r.matchedRule ? ` (rule on line ${r.matchedRule.line}: ${r.matchedRule.text})` : ''}`];
  for (const h of r.hashes) {
    lines.push('', `${h.config}  hash ${h.hash}`, formatTree(h.tree));
  }
  return lines.join('\n');
}
