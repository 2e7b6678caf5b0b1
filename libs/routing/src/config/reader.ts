// A small strict reader over parsed YAML: each accessor checks the type at a path and records an
// issue instead of throwing, so one pass reports every problem in the file.
import { type ConfigIssue, childPath } from './config-error.js';
import { parseDuration } from './duration.js';

/** Collects issues while a configuration is read. */
export class Issues {
  readonly list: ConfigIssue[] = [];
  /** Records a problem at `path`. */
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  /** Runs `fn`, turning a thrown error into an issue at `path`; returns undefined on failure. */
  attempt<T>(path: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.add(path, (e as Error).message);
      return undefined;
    }
  }
}

/** Whether `v` is a plain YAML mapping. */
export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A mapping at `path` restricted to `known` keys; unknown keys become issues. */
export function readMap(v: unknown, path: string, known: readonly string[], issues: Issues): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) {
    issues.add(path, 'expected a mapping');
    return undefined;
  }
  for (const key of Object.keys(v)) if (!known.includes(key)) issues.add(childPath(path, key), 'unknown key');
  return v;
}

/** An optional string at `path`. */
export function readString(v: unknown, path: string, issues: Issues): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  issues.add(path, 'expected a string');
  return undefined;
}

/** An optional boolean at `path`. */
export function readBool(v: unknown, path: string, issues: Issues): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  issues.add(path, 'expected true or false');
  return undefined;
}

/** An optional list at `path`; each element is read by `item`. */
export function readList<T>(v: unknown, path: string, issues: Issues, item: (e: unknown, p: string) => T | undefined): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    issues.add(path, 'expected a list');
    return undefined;
  }
  const out: T[] = [];
  v.forEach((e, i) => {
    const r = item(e, childPath(path, i));
    if (r !== undefined) out.push(r);
  });
  return out;
}

/** An optional list of strings at `path`. */
export function readStrings(v: unknown, path: string, issues: Issues): string[] | undefined {
  return readList(v, path, issues, (e, p) => readString(e, p, issues));
}

/** An optional string → string mapping at `path`. */
export function readStringMap(v: unknown, path: string, issues: Issues): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) {
    issues.add(path, 'expected a mapping');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, e] of Object.entries(v)) {
    const s = readString(e, childPath(path, k), issues);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** An optional Prometheus duration at `path`, in milliseconds. */
export function readDuration(v: unknown, path: string, issues: Issues): number | undefined {
  const s = readString(v, path, issues);
  return s === undefined ? undefined : issues.attempt(path, () => parseDuration(s));
}

/** An optional number, checked to be at least `min` (and an integer when `integer`). */
export function readNumber(v: unknown, path: string, issues: Issues, min: number, integer: boolean): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.add(path, 'expected a number');
    return undefined;
  }
  if (integer && !Number.isInteger(v)) issues.add(path, 'expected an integer');
  if (v < min) issues.add(path, `must be at least ${min}`);
  return v;
}
