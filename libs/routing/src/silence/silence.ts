// Silences (`silence/silence.go`): matchers plus a validity window. A silence is pending before its
// start, active from start to end inclusive, expired after; only active ones mute.
import { type LabelSet } from '../labels/label-set.js';
import { type Matcher, matchesAll } from '../labels/matcher.js';
import { type Muter } from '../muter.js';

/** One silence. */
export interface Silence {
  /** Unique id (a UUID in Alertmanager). */
  readonly id: string;
  /** All must match for an alert to be silenced. */
  readonly matchers: readonly Matcher[];
  /** Start of the window. */
  readonly startsAt: Date;
  /** End of the window. */
  readonly endsAt: Date;
  /** Author. */
  readonly createdBy: string;
  /** Why it exists. */
  readonly comment: string;
}

/** Lifecycle state of a silence. */
export type SilenceState = 'pending' | 'active' | 'expired';

/** State of `s` at `now` (`getState`). */
export function silenceState(s: Silence, now: Date): SilenceState {
  if (now.getTime() < s.startsAt.getTime()) return 'pending';
  if (now.getTime() > s.endsAt.getTime()) return 'expired';
  return 'active';
}

/** Problems Alertmanager's `validateSilence` would report (empty when valid). */
export function validateSilence(s: Silence): string[] {
  const errors: string[] = [];
  if (!s.id) errors.push('ID missing');
  if (s.matchers.length === 0) errors.push('at least one matcher required');
  else if (s.matchers.every((m) => m.matchesValue(''))) errors.push('at least one matcher must not match the empty string');
  if (s.endsAt.getTime() < s.startsAt.getTime()) errors.push('end time must not be before start time');
  return errors;
}

/** Mutes alerts matched by an active silence. */
export class Silencer implements Muter {
  /** A silencer over a snapshot of silences. */
  constructor(private readonly silences: readonly Silence[]) {}

  /** Ids of the active silences matching the labels at `now`. */
  silencedBy(labels: LabelSet, now: Date): string[] {
    return this.silences.filter((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, labels)).map((s) => s.id);
  }

  /** Whether an active silence matches. */
  mutes(labels: LabelSet, now: Date): boolean {
    return this.silencedBy(labels, now).length > 0;
  }
}
