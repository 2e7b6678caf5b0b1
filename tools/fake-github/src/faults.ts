// Faults a test can tell the fake to answer with, in place of (or before) the normal answer.

/** One kind of fault. */
export type FaultKind =
  /** 403 "You have exceeded a secondary rate limit", with `retry-after` when `retryAfterS` is set. */
  | 'secondary-limit'
  /** 429 with `retry-after: retryAfterS` (default 1). */
  | 'too-many-requests'
  /** 403 with `x-ratelimit-remaining: 0` and a reset `retryAfterS` (default 1) seconds ahead. */
  | 'primary-limit'
  /** `status` (default 502) with GitHub's error body. */
  | 'server-error'
  /** The normal answer, after `delayMs`. */
  | 'slow';

/** A fault and which requests it applies to. */
export interface FaultSpec {
  kind: FaultKind;
  /** Requests it applies to before it is used up (default 1; Infinity for always). */
  times?: number;
  /** Only this method (e.g. POST). */
  method?: string;
  /** Only this OpenAPI path template (e.g. `/repos/{owner}/{repo}/issues`). */
  path?: string;
  /** Seconds for `retry-after` (or the reset of a primary limit). */
  retryAfterS?: number;
  /** Status of a server error. */
  status?: number;
  /** Delay of a slow answer. */
  delayMs?: number;
}

/** The faults waiting to be served, consumed in order of registration. */
export class FaultQueue {
  private readonly faults: (FaultSpec & { left: number })[] = [];

  add(...faults: FaultSpec[]): void {
    for (const f of faults) this.faults.push({ ...f, left: f.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** Takes the first fault matching the request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const i = this.faults.findIndex((f) => f.left > 0 && (!f.method || f.method === method) && (!f.path || f.path === path));
    if (i === -1) return undefined;
    const f = this.faults[i]!;
    f.left -= 1;
    if (f.left <= 0) this.faults.splice(i, 1);
    return f;
  }

  get pending(): number {
    return this.faults.length;
  }
}
