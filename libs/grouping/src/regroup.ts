// The dry run behind `npx faultline grouping test-rules`: how stored events would regroup under other
// options (new rules or a new config). The caller loads the events; this only compares hashes.
import type { SentryEvent } from '@faultline/contracts';
import { fingerprintEvent, type FingerprintOptions } from './fingerprint.js';
import { parseRules } from './rules/parse.js';

/** One event whose primary hash changes. */
export interface RegroupChange {
  eventId: string;
  before: string;
  after: string;
  titleBefore: string;
  titleAfter: string;
}

/** Summary of a regroup dry run. */
export interface RegroupReport {
  events: number;
  /** Distinct primary hashes before and after. */
  groupsBefore: number;
  groupsAfter: number;
  changed: RegroupChange[];
}

/** Fingerprints every event under `before` and `after` and reports the ones whose primary hash changes. */
export function regroup(events: Iterable<SentryEvent>, before: FingerprintOptions, after: FingerprintOptions): RegroupReport {
  // Parse rule texts once, not once per event.
  const prep = (o: FingerprintOptions): FingerprintOptions => (typeof o.rules === 'string' ? { ...o, rules: parseRules(o.rules) } : o);
  const b = prep(before);
  const a = prep(after);
  const hb = new Set<string>();
  const ha = new Set<string>();
  const changed: RegroupChange[] = [];
  let n = 0;
  for (const e of events) {
    n++;
    const rb = fingerprintEvent(e, b);
    const ra = fingerprintEvent(e, a);
    hb.add(rb.hashes[0]!.hash);
    ha.add(ra.hashes[0]!.hash);
    if (rb.hashes[0]!.hash !== ra.hashes[0]!.hash) {
      changed.push({ eventId: e.eventId, before: rb.hashes[0]!.hash, after: ra.hashes[0]!.hash, titleBefore: rb.title, titleAfter: ra.title });
    }
  }
  return { events: n, groupsBefore: hb.size, groupsAfter: ha.size, changed };
}
