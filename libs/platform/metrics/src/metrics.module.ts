// Nest wiring of the metrics registry and its endpoint.
import { Global, Module, type DynamicModule } from '@nestjs/common';

import { MetricsController } from './metrics.controller.js';
import { createMetricsRegistry, type MetricsRegistryOptions } from './metrics-registry.js';
import { METRICS_REGISTRY } from './metrics.tokens.js';

/** Options of MetricsModule.forRoot: those of createMetricsRegistry. */
export type MetricsModuleOptions = MetricsRegistryOptions;

/** Provides the registry globally under METRICS_REGISTRY and serves it at GET /metrics. */
@Global()
@Module({})
export class MetricsModule {
  /** A global module with a new registry built from `options`. */
  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [{ provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(options) }],
      controllers: [MetricsController],
      exports: [METRICS_REGISTRY],
    };
  }
}
