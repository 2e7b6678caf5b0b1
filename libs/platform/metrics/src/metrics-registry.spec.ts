import { counter } from './metric-helpers.js';
import { createMetricsRegistry, metricName } from './metrics-registry.js';

describe('createMetricsRegistry', () => {
  it('collects prefixed process and runtime metrics by default', async () => {
    const text = await createMetricsRegistry().metrics();
    expect(text).toContain('faultline_process_cpu_user_seconds_total');
    expect(text).toContain('faultline_nodejs_eventloop_lag_seconds');
  });

  it('can leave the default metrics out', async () => {
    expect(await createMetricsRegistry({ collectDefault: false }).metrics()).toBe('\n');
  });

  it('adds default labels to every series', async () => {
    const registry = createMetricsRegistry({ collectDefault: false, defaultLabels: { service: 'ingest' } });
    counter(registry, { name: 'x_total', help: 'X.' }).inc();
    expect(await registry.metrics()).toContain('faultline_x_total{service="ingest"} 1');
  });

  it('uses the given prefix, including none', () => {
    expect(metricName(createMetricsRegistry({ collectDefault: false, prefix: 'test_' }), 'x_total')).toBe('test_x_total');
    expect(metricName(createMetricsRegistry({ collectDefault: false, prefix: '' }), 'x_total')).toBe('x_total');
  });
});
