// The Prometheus registry of one service. A registry per application, rather than
// prom-client's global one, keeps tests that start several apps in one process apart.
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Options of createMetricsRegistry. */
export interface MetricsRegistryOptions {
  /** Prepended to every metric name in this registry, default metrics included; default 'faultline_'. */
  prefix?: string;
  /** Labels added to every series, e.g. `{ service: 'ingest' }`. */
  defaultLabels?: Record<string, string>;
  /** Whether to collect the process and Node.js runtime metrics; default true. */
  collectDefault?: boolean;
}

/** The prefix applied when none is given. */
export const DEFAULT_METRIC_PREFIX = 'faultline_';

// The metric helpers need the prefix of the registry they register in; a WeakMap
// keeps it without widening prom-client's Registry type.
const prefixes = new WeakMap<Registry, string>();

/** Creates a registry with the prefix, default labels and (unless disabled) default metrics. */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  const prefix = options.prefix ?? DEFAULT_METRIC_PREFIX;
  prefixes.set(registry, prefix);
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.collectDefault ?? true) collectDefaultMetrics({ register: registry, prefix });
  return registry;
}

/** The full name of a metric in this registry: the registry prefix plus the name, unless the name already starts with it. */
export function metricName(registry: Registry, name: string): string {
  const prefix = prefixes.get(registry) ?? '';
  return name.startsWith(prefix) ? name : `${prefix}${name}`;
}
