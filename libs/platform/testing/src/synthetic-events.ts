// The synthetic bugs of the clustering benchmark, shared with the tests that check the clustering
// fast paths on "events like the benchmark's" (so both keep describing the same load).
import { timestampFromDate, type EnrichedEventSchema, type MessageInitShape } from '@faultline/contracts';

/** One frame as the enriched event carries it (init shape of SentryFrame). */
export interface SyntheticFrame {
  filename: string;
  function: string;
  module: string;
  lineno: number;
  colno: number;
  inApp: boolean;
}

/**
 * `count` in-app frames of bug `f`: hashed chunk names, `Module.` function prefixes and per-bug
 * modules, so every bug has its own fingerprint and the normaliser has real work to do.
 */
export function syntheticFrames(f: number, count = 25): SyntheticFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    filename: `https://shop.example.com/static/js/chunk-${f % 97}.${(f * 31 + i).toString(16)}a1c.js`,
    function: `Module.handler${f}_${i}`,
    module: `src/features/area${f % 50}/component${f}_${i}`,
    lineno: 100 + i,
    colno: 17 + i,
    inApp: true,
  }));
}

/** Options of syntheticEnrichedEvent. */
export interface SyntheticEventOptions {
  projectId: string;
  eventId: string;
  /** Received, enriched and event timestamp. */
  at: Date;
  frames?: number;
  breadcrumbs?: { category: string; message: string; level: string }[];
}

/**
 * Occurrence `n` of bug `f` as enrichment would publish it: `frames` in-app frames, a message
 * carrying an order number (ignored by grouping), one of 5 releases, one of 5,000 users, tags,
 * request URL and a parsed user agent.
 */
export function syntheticEnrichedEvent(f: number, n: number, options: SyntheticEventOptions): MessageInitShape<typeof EnrichedEventSchema> {
  const now = timestampFromDate(options.at);
  return {
    projectId: options.projectId,
    eventId: options.eventId,
    receivedAt: now,
    enrichedAt: now,
    client: { sdkName: 'sentry.javascript.browser', sdkVersion: '10.63.0', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0.0.0 Safari/537.36' },
    event: {
      eventId: options.eventId,
      timestamp: now,
      platform: 'javascript',
      level: 'error',
      release: `shop@4.${n % 5}.0`,
      environment: 'production',
      user: { id: `user-${(n * 7919) % 5_000}` },
      tags: { route: `/area/${f % 50}`, browser: 'Chrome 126' },
      request: { url: `https://shop.example.com/area/${f % 50}?order=${n}` },
      exception: { values: [{ type: 'TypeError', value: `Cannot read properties of undefined (reading 'id') order ${n}`, stacktrace: { frames: syntheticFrames(f, options.frames) } }] },
      breadcrumbs: { values: options.breadcrumbs ?? [] },
    },
    enrichment: { userAgent: { browserName: 'Chrome', browserVersion: '126.0.0', osName: 'Windows', osVersion: '10' } },
  };
}
