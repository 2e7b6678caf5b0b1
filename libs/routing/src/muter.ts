// Muting is one small interface, as in Alertmanager (`types.Muter`): inhibitor, silencer and time
// intervals each decide alone, and the notification pipeline drops an alert when any of them says so.
import { type LabelSet } from './labels/label-set.js';

/** Decides whether an alert with these labels must not be notified at `now`. */
export interface Muter {
  /** True when the alert is muted. */
  mutes(labels: LabelSet, now: Date): boolean;
}

/** A muter that mutes when any of `muters` does. */
export function anyMuter(...muters: readonly Muter[]): Muter {
  return { mutes: (labels, now) => muters.some((m) => m.mutes(labels, now)) };
}
