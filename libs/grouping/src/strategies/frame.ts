// One stack frame → a component: module (or normalised filename) + normalised function name.
import type { StackFrame } from '@faultline/contracts';
import { component, ignore, type GroupingComponent } from '../component.js';
import { isNativeFile, normalizeFilename } from '../normalize/filename.js';
import { normalizeFunction, unusableFunctionReason } from '../normalize/function.js';

/** The normalised identity of a frame, used for recursion detection and similarity shingles. */
export function frameKey(frame: StackFrame): string {
  return `${normalizeFunction(frame.function)}@${frame.module || normalizeFilename(frame.filename || frame.absPath)}`;
}

/** Builds a frame component; `inAppIgnored` says the frame is excluded for not being in-app. */
export function frameComponent(frame: StackFrame, inAppIgnored: boolean): GroupingComponent {
  const rawFile = frame.filename || frame.absPath;
  let file: GroupingComponent;
  if (frame.module) {
    file = component('module', [frame.module]);
  } else {
    const norm = normalizeFilename(rawFile);
    file = component('filename', [norm], norm !== rawFile ? { hint: `normalized from ${rawFile}` } : {});
  }
  const fnName = normalizeFunction(frame.function);
  const fn = component('function', [fnName], fnName !== frame.function ? { hint: `normalized from ${frame.function}` } : {});
  const reason = unusableFunctionReason(fnName);
  if (reason) ignore(fn, reason);
  const c = component('frame', [file, fn]);
  if (isNativeFile(rawFile)) return ignore(c, 'ignored: native code');
  if (inAppIgnored) return ignore(c, 'ignored: not in-app');
  // A frame without a usable function name says nothing stable (anonymous callbacks move around).
  if (reason) return ignore(c, reason);
  return c;
}
