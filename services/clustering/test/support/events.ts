// Enriched events for the tests and the benchmark: fingerprint `f` has its own in-app frames
// (so different fingerprints share no frame and never look similar), and a message carrying
// ids that parameterisation removes.
import { timestampFromDate, type EnrichedEventSchema, type MessageInitShape } from '@faultline/contracts';
import { randomBytes } from 'node:crypto';

/** Options of one generated event. */
export interface EventSpec {
  projectId: string;
  fingerprint: number;
  eventId?: string;
  release?: string;
  user?: string;
  receivedAt?: Date;
  /** Frames of the stack (default 5). */
  frames?: number;
  /** Frame index whose function is renamed (a near-duplicate stack). */
  mutateFrame?: number;
  /** Extra bytes of breadcrumbs, to reach a realistic size. */
  padBytes?: number;
  type?: string;
}

/** A new random event id. */
export function newEventId(): string {
  return randomBytes(16).toString('hex');
}

/** An EnrichedEvent init object for `spec`. */
export function enrichedEvent(spec: EventSpec): MessageInitShape<typeof EnrichedEventSchema> {
  const eventId = spec.eventId ?? newEventId();
  const at = spec.receivedAt ?? new Date();
  const n = spec.frames ?? 5;
  const frames = Array.from({ length: n }, (_, i) => ({
    filename: `https://app.example.com/assets/fp${spec.fingerprint}-part${i}.3f9a1c.js`,
    absPath: `https://app.example.com/assets/fp${spec.fingerprint}-part${i}.3f9a1c.js`,
    function: i === spec.mutateFrame ? `changed${i}` : `Object.fp${spec.fingerprint}Step${i}`,
    lineno: 10 + i,
    colno: 7,
    inApp: true,
  }));
  const pad = spec.padBytes ?? 0;
  const crumbs = pad > 0 ? Array.from({ length: Math.ceil(pad / 100) }, (_, i) => ({ category: 'ui.click', message: `button#checkout-${i} ${'x'.repeat(60)}` })) : [];
  return {
    projectId: spec.projectId,
    eventId,
    receivedAt: timestampFromDate(at),
    enrichedAt: timestampFromDate(at),
    event: {
      eventId,
      timestamp: timestampFromDate(at),
      platform: 'javascript',
      level: 'error',
      release: spec.release ?? 'web@1.0.0',
      environment: 'production',
      user: spec.user ? { id: spec.user } : undefined,
      tags: { route: `/page/${spec.fingerprint % 7}` },
      request: { url: `https://app.example.com/page/${spec.fingerprint % 7}?id=${eventId.slice(0, 6)}` },
      exception: {
        values: [
          {
            type: spec.type ?? 'TypeError',
            value: `Cannot read properties of undefined (reading 'id') for order ${Math.floor(Math.random() * 1e9)}`,
            stacktrace: { frames },
          },
        ],
      },
      breadcrumbs: { values: crumbs },
    },
    enrichment: { userAgent: { browserName: 'Chrome', browserVersion: '126.0', osName: 'Windows', osVersion: '10' } },
  };
}
