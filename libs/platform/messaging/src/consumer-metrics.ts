// Per-consumer Prometheus metrics. Counters are labelled by stream and consumer so a
// dashboard can show every hop of the pipeline side by side.
import type { Consumer } from '@nats-io/jetstream';
import { counter, gauge, histogram } from '@faultline/platform-metrics';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

const LABELS = ['stream', 'consumer'] as const;

/** The metric handles one consumer runner updates. */
export interface ConsumerMetrics {
  delivered: Counter<'stream' | 'consumer'>;
  redelivered: Counter<'stream' | 'consumer'>;
  acked: Counter<'stream' | 'consumer'>;
  naked: Counter<'stream' | 'consumer'>;
  terminated: Counter<'stream' | 'consumer'>;
  deadLettered: Counter<'stream' | 'consumer' | 'cause'>;
  inFlight: Gauge<'stream' | 'consumer'>;
  duration: Histogram<'stream' | 'consumer' | 'result'>;
}

/** One consumer's metric children, bound once so the hot path does no label lookups. */
export interface BoundCounters {
  delivered: { inc(): void };
  redelivered: { inc(): void };
  acked: { inc(value?: number): void };
  naked: { inc(): void };
  terminated: { inc(): void };
  inFlight: { inc(): void; dec(): void };
  duration: Record<'ack' | 'retry' | 'reject', { observe(seconds: number): void }>;
}

/** Binds the metric children of one stream/consumer pair. */
export function bindCounters(m: ConsumerMetrics, stream: string, consumer: string): BoundCounters {
  return {
    delivered: m.delivered.labels(stream, consumer),
    redelivered: m.redelivered.labels(stream, consumer),
    acked: m.acked.labels(stream, consumer),
    naked: m.naked.labels(stream, consumer),
    terminated: m.terminated.labels(stream, consumer),
    inFlight: m.inFlight.labels(stream, consumer),
    duration: {
      ack: m.duration.labels(stream, consumer, 'ack'),
      retry: m.duration.labels(stream, consumer, 'retry'),
      reject: m.duration.labels(stream, consumer, 'reject'),
    },
  };
}

/** Registers (or reuses) the consumer metrics in `registry`. */
export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const c = (name: string, help: string) => counter(registry, { name, help, labelNames: LABELS });
  return {
    delivered: c('faultline_consumer_delivered_total', 'Messages delivered to a handler (including redeliveries).'),
    redelivered: c('faultline_consumer_redelivered_total', 'Deliveries that were not the first delivery of their message.'),
    acked: c('faultline_consumer_acked_total', 'Messages acknowledged after their handler succeeded.'),
    naked: c('faultline_consumer_naked_total', "Messages negatively acknowledged for redelivery (nak'ed)."),
    terminated: c('faultline_consumer_terminated_total', 'Messages terminated (never redelivered); each is first copied to the DLQ.'),
    deadLettered: counter(registry, {
      name: 'faultline_consumer_dead_lettered_total',
      help: 'Messages copied to the DLQ stream, by cause (rejected, max_deliveries, undecodable).',
      labelNames: [...LABELS, 'cause'],
    }),
    inFlight: gauge(registry, { name: 'faultline_consumer_in_flight', help: 'Handlers running now in this replica.', labelNames: LABELS }),
    duration: histogram(registry, {
      name: 'faultline_consumer_handler_duration_seconds',
      help: 'Handler run time per message, by result (ack, retry, reject).',
      labelNames: [...LABELS, 'result'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    }),
  };
}

/**
 * Registers gauges read from the server on each scrape: messages not yet delivered
 * (the lag), delivered but unacknowledged, and redelivered. One `consumer.info()`
 * call serves all three gauges of a scrape.
 */
export function consumerStateGauges(registry: Registry, stream: string, durable: string, consumer: Consumer): void {
  let cached: { at: number; info: Promise<{ pending: number; ackPending: number; redelivered: number } | undefined> } | undefined;
  const read = () => {
    if (!cached || Date.now() - cached.at > 500) {
      cached = {
        at: Date.now(),
        info: consumer.info().then(
          (i) => ({ pending: i.num_pending, ackPending: i.num_ack_pending, redelivered: i.num_redelivered }),
          () => undefined,
        ),
      };
    }
    return cached.info;
  };
  const define = (name: string, help: string, pick: (s: { pending: number; ackPending: number; redelivered: number }) => number) => {
    const g = gauge(registry, { name, help, labelNames: LABELS });
    const collectors = collectorsOf(g);
    collectors.set(`${stream}/${durable}`, async () => {
      const state = await read();
      if (state) g.set({ stream, consumer: durable }, pick(state));
    });
  };
  define('faultline_consumer_pending_messages', 'Messages in the stream not yet delivered to this consumer (lag).', (s) => s.pending);
  define('faultline_consumer_ack_pending_messages', 'Messages delivered to this consumer and not yet acknowledged.', (s) => s.ackPending);
  define('faultline_consumer_redelivered_messages', 'Messages this consumer is redelivering now.', (s) => s.redelivered);
}

// prom-client allows one `collect` per metric; several consumers in one process share
// each gauge, so the gauge's collect runs every registered consumer's reader.
const COLLECTORS = new WeakMap<object, Map<string, () => Promise<void>>>();
function collectorsOf(g: Gauge<string>): Map<string, () => Promise<void>> {
  let map = COLLECTORS.get(g);
  if (!map) {
    const readers = new Map<string, () => Promise<void>>();
    map = readers;
    COLLECTORS.set(g, readers);
    (g as unknown as { collect: () => Promise<void> }).collect = async () => {
      await Promise.all([...readers.values()].map((r) => r()));
    };
  }
  return map;
}
