import { Counter, Registry } from 'prom-client';

import { counter, gauge, histogram } from './metric-helpers.js';
import { createMetricsRegistry } from './metrics-registry.js';

describe('metric helpers', () => {
  const registry = () => createMetricsRegistry({ collectDefault: false });

  it('prefix the name once, whether or not the caller already did', async () => {
    const r = registry();
    const a = counter(r, { name: 'outcomes_total', help: 'Outcomes.', labelNames: ['project', 'outcome'] });
    const b = counter(r, { name: 'faultline_outcomes_total', help: 'Outcomes.', labelNames: ['outcome', 'project'] });
    expect(b).toBe(a);
    a.inc({ project: '1', outcome: 'accepted' });
    expect(await r.metrics()).toContain('faultline_outcomes_total{project="1",outcome="accepted"} 1');
  });

  it('return the metric already registered under the same name instead of throwing', () => {
    const r = registry();
    expect(gauge(r, { name: 'in_flight', help: 'In flight.' })).toBe(gauge(r, { name: 'in_flight', help: 'In flight.' }));
    expect(histogram(r, { name: 'latency_seconds', help: 'Latency.', buckets: [0.1, 1] })).toBe(
      histogram(r, { name: 'latency_seconds', help: 'Latency.', buckets: [0.5] }),
    );
  });

  it('keep registries apart', () => {
    const first = counter(registry(), { name: 'x_total', help: 'X.' });
    const second = counter(registry(), { name: 'x_total', help: 'X.' });
    expect(second).not.toBe(first);
  });

  it('refuse a name already used by another kind of metric', () => {
    const r = registry();
    counter(r, { name: 'events_total', help: 'Events.' });
    expect(() => gauge(r, { name: 'events_total', help: 'Events.' })).toThrow('metric faultline_events_total is already registered as a Counter, not a Gauge');
  });

  it('refuse the same name with other labels', () => {
    const r = registry();
    counter(r, { name: 'events_total', help: 'Events.', labelNames: ['project'] });
    expect(() => counter(r, { name: 'events_total', help: 'Events.', labelNames: ['project', 'outcome'] })).toThrow(
      'metric faultline_events_total is already registered with labels [project], not [outcome, project]',
    );
    expect(() => counter(r, { name: 'events_total', help: 'Events.' })).toThrow('with labels [project], not []');
  });

  it('use no prefix in a registry not made by createMetricsRegistry', () => {
    const plain = new Registry();
    expect(counter(plain, { name: 'plain_total', help: 'Plain.' })).toBeInstanceOf(Counter);
    expect(plain.getSingleMetric('plain_total')).toBeDefined();
  });
});
