// The route-level time stages (`TimeMuteStage`, `TimeActiveStage`): a route is muted while now lies in
// any of its mute intervals, or — when it has active intervals — while now lies in none of them.
import { type LabelSet } from '../labels/label-set.js';
import { type Muter } from '../muter.js';
import { type TimeInterval, inTimeIntervals } from './time-interval.js';

/** Mutes everything of one route according to its mute and active time intervals. */
export class TimeMuter implements Muter {
  /** `intervals` is the config's name → interval map; names must exist (the config checks it). */
  constructor(
    private readonly intervals: ReadonlyMap<string, readonly TimeInterval[]>,
    private readonly muteNames: readonly string[],
    private readonly activeNames: readonly string[],
  ) {}

  /** Whether the route is muted at `now` (labels do not matter). */
  mutes(_labels: LabelSet, now: Date): boolean {
    const within = (name: string) => inTimeIntervals(this.intervals.get(name) ?? [], now);
    if (this.muteNames.some(within)) return true;
    return this.activeNames.length > 0 && !this.activeNames.some(within);
  }
}
