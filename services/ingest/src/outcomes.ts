// One outcome per event (STYLE: borrowed from Relay): every event that reaches the
// gateway is counted exactly once, as accepted or with the reason it was dropped.
import { DiscardReason, Outcome } from '@faultline/contracts';
import { counter } from '@faultline/platform-metrics';
import type { Counter, Registry } from 'prom-client';

const lower = (name: string | undefined) => (name ?? 'unspecified').toLowerCase();

/** Label value of an outcome (`accepted`, `filtered`, `rate_limited`, …). */
export const outcomeName = (o: Outcome) => lower(Outcome[o]);
/** Label value of a discard reason (`rate_limited_key`, `filtered_localhost`, …); '' for none. */
export const reasonName = (r: DiscardReason) => (r === DiscardReason.UNSPECIFIED ? '' : lower(DiscardReason[r]));

/** The gateway's counters. */
export class IngestMetrics {
  readonly events: Counter<'project' | 'outcome' | 'reason'>;
  readonly clientDiscarded: Counter<'project' | 'reason' | 'category'>;
  readonly items: Counter<'project' | 'type'>;

  constructor(registry: Registry) {
    this.events = counter(registry, {
      name: 'faultline_ingest_events_total',
      help: 'Events that reached the ingest gateway, by project and outcome (accepted, filtered, rate_limited, invalid, too_large, duplicate, internal) and reason.',
      labelNames: ['project', 'outcome', 'reason'],
    });
    this.clientDiscarded = counter(registry, {
      name: 'faultline_client_discarded_total',
      help: 'Events SDKs report they dropped themselves (client reports), by project, reason and data category.',
      labelNames: ['project', 'reason', 'category'],
    });
    this.items = counter(registry, {
      name: 'faultline_ingest_items_total',
      help: 'Envelope items received, by project and item type (events are also counted in faultline_ingest_events_total).',
      labelNames: ['project', 'type'],
    });
  }

  /** Counts one event's outcome. */
  outcome(project: string, outcome: Outcome, reason: DiscardReason = DiscardReason.UNSPECIFIED): void {
    this.events.inc({ project, outcome: outcomeName(outcome), reason: reasonName(reason) });
  }
}
