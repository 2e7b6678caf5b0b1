// A stack trace → a component over its frames, oldest first: in-app frames only when the SDK marked any,
// else every frame; immediate recursion collapsed so a depth change does not make a new group.
import type { StackFrame, Stacktrace } from '@faultline/contracts';
import { component, ignore, type GroupingComponent } from '../component.js';
import { frameComponent, frameKey } from './frame.js';

/** True when any frame is explicitly in-app, in which case frames not marked in-app are left out. */
export function hasInAppFrames(frames: readonly StackFrame[]): boolean {
  return frames.some((f) => f.inApp === true);
}

/** Builds the stacktrace component; it contributes only when at least one frame does. */
export function stacktraceComponent(stacktrace: Stacktrace | undefined): GroupingComponent {
  const frames = stacktrace?.frames ?? [];
  if (frames.length === 0) return component('stacktrace', [], { contributes: false, hint: 'ignored: no frames' });
  const inAppOnly = hasInAppFrames(frames);
  const values: GroupingComponent[] = [];
  let previousKey: string | undefined;
  for (const f of frames) {
    const c = frameComponent(f, inAppOnly && f.inApp !== true);
    const key = frameKey(f);
    if (c.contributes && key === previousKey) ignore(c, 'ignored: recursion');
    if (c.contributes) previousKey = key;
    values.push(c);
  }
  const c = component('stacktrace', values);
  if (!c.contributes) return ignore(c, 'ignored: no usable frames');
  if (!inAppOnly) c.hint = 'no in-app frames: using all frames';
  return c;
}
