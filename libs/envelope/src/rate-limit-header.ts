// The X-Sentry-Rate-Limits header (PROTOCOLS §1.8), which the SDKs parse on every response to back off
// per data category: `retry_after:categories:scope[:reason_code], …`, empty categories meaning all.

/** One active limit. */
export interface RateLimitEntry {
  retryAfterSeconds: number;
  /** Sentry data categories (`error`, `transaction`, …); empty applies the limit to every category. */
  categories: string[];
  scope: 'key' | 'project' | 'organization';
  reasonCode?: string;
}

/** Formats entries the way Relay writes them: integer seconds (rounded up, so a client never retries early), ", " between limits. */
export function formatRateLimits(entries: RateLimitEntry[]): string {
  return entries
    .map((e) => {
      const base = `${retrySeconds(e.retryAfterSeconds)}:${e.categories.join(';')}:${e.scope}`;
      return e.reasonCode ? `${base}:${e.reasonCode}` : base;
    })
    .join(', ');
}

/** The Retry-After value for a 429: the longest of the limits, as Relay answers. */
export function retryAfterOf(entries: RateLimitEntry[]): number {
  return entries.reduce((max, e) => Math.max(max, retrySeconds(e.retryAfterSeconds)), 0);
}

function retrySeconds(s: number): number {
  return Number.isFinite(s) && s > 0 ? Math.ceil(s) : 0;
}
