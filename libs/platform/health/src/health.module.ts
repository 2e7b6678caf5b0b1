// Nest wiring of the probes.
import { Module, type DynamicModule, type FactoryProvider, type Provider } from '@nestjs/common';

import { HealthController } from './health.controller.js';
import { HEALTH_OPTIONS, READINESS_CHECKS } from './health.tokens.js';
import type { ReadinessCheck } from './readiness-check.js';
import type { HealthModuleAsyncOptions, HealthModuleOptions } from './health-options.js';
import { ReadinessService } from './readiness.service.js';

/** Serves GET /healthz and GET /readyz; provides READINESS_CHECKS and ReadinessService. */
@Module({})
export class HealthModule {
  /** Probes with checks known up front. */
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return HealthModule.create([{ provide: HEALTH_OPTIONS, useValue: options }]);
  }

  /** Probes whose options come from a factory, e.g. `inject: [NatsClient], useFactory: (nats) => ({ checks: [nats.readiness()] })`. */
  static forRootAsync(options: HealthModuleAsyncOptions): DynamicModule {
    const factory = options.useFactory as FactoryProvider<HealthModuleOptions>['useFactory'];
    return { ...HealthModule.create([{ provide: HEALTH_OPTIONS, useFactory: factory, inject: options.inject ?? [] }]), imports: options.imports ?? [] };
  }

  private static create(optionsProvider: Provider[]): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        ...optionsProvider,
        { provide: READINESS_CHECKS, useFactory: (options: HealthModuleOptions) => validateChecks(options.checks ?? []), inject: [HEALTH_OPTIONS] },
        ReadinessService,
      ],
      exports: [READINESS_CHECKS, ReadinessService],
    };
  }
}

// Checks are keyed by name in the /readyz body and the gauge, so two with one name
// would hide each other; that is a wiring mistake to report at start.
function validateChecks(checks: ReadinessCheck[]): ReadinessCheck[] {
  const seen = new Set<string>();
  for (const check of checks) {
    if (check.name.trim() === '') throw new Error('a readiness check needs a name');
    if (seen.has(check.name)) throw new Error(`two readiness checks are named "${check.name}"`);
    seen.add(check.name);
  }
  return checks;
}
