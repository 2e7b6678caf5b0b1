// Get-or-create for metrics. Two modules of one service (or one module instantiated
// twice in a test) may ask for the same metric; prom-client throws on the second
// registration, so the existing metric is returned instead, after checking that it
// really is the same metric.
import {
  Counter,
  Gauge,
  Histogram,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Registry,
} from 'prom-client';

import { metricName } from './metrics-registry.js';

/** A metric configuration without `registers`: the registry is the helper's first argument. */
export type MetricConfig<C> = Omit<C, 'registers'>;

/** Returns the counter named `config.name` (prefixed) in the registry, creating it on first use. */
export function counter<T extends string>(registry: Registry, config: MetricConfig<CounterConfiguration<T>>): Counter<T> {
  return getOrCreate(registry, config, Counter, (name) => new Counter<T>({ ...config, name, registers: [registry] }));
}

/** Returns the gauge named `config.name` (prefixed) in the registry, creating it on first use. */
export function gauge<T extends string>(registry: Registry, config: MetricConfig<GaugeConfiguration<T>>): Gauge<T> {
  return getOrCreate(registry, config, Gauge, (name) => new Gauge<T>({ ...config, name, registers: [registry] }));
}

/** Returns the histogram named `config.name` (prefixed) in the registry, creating it on first use; the first caller's buckets win. */
export function histogram<T extends string>(registry: Registry, config: MetricConfig<HistogramConfiguration<T>>): Histogram<T> {
  return getOrCreate(registry, config, Histogram, (name) => new Histogram<T>({ ...config, name, registers: [registry] }));
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

function getOrCreate<M>(
  registry: Registry,
  config: { name: string; labelNames?: readonly string[] },
  kind: MetricClass,
  create: (name: string) => M,
): M {
  const name = metricName(registry, config.name);
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) return create(name);
  // A mismatch is a programming error that would otherwise surface later as a
  // confusing "Added label is not included in initial labelset" on first use.
  if (!(existing instanceof kind)) {
    throw new Error(`metric ${name} is already registered as a ${existing.constructor.name}, not a ${kind.name}`);
  }
  const existingLabels = [...((existing as { labelNames?: readonly string[] }).labelNames ?? [])].sort();
  const wantedLabels = [...(config.labelNames ?? [])].sort();
  if (existingLabels.join(',') !== wantedLabels.join(',')) {
    throw new Error(`metric ${name} is already registered with labels [${existingLabels.join(', ')}], not [${wantedLabels.join(', ')}]`);
  }
  return existing as M;
}
