// Runs the readiness checks for /readyz, records each result in a gauge when the
// service has a metrics registry, and logs a check only when its state changes:
// probes arrive every few seconds and a log line each time would bury everything.
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { gauge, METRICS_REGISTRY } from '@faultline/platform-metrics';
import type { Gauge, Registry } from 'prom-client';

import { HEALTH_OPTIONS, READINESS_CHECKS } from './health.tokens.js';
import { DEFAULT_READINESS_TIMEOUT_MS, type HealthModuleOptions } from './health-options.js';
import type { ReadinessCheck } from './readiness-check.js';
import { runReadinessChecks, type ReadinessReport } from './run-readiness.js';

/** Runs the configured readiness checks and reports them. */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('Readiness');
  private readonly timeoutMs: number;
  private readonly up: Gauge<'check'> | undefined;
  private readonly lastResults = new Map<string, string>();

  constructor(
    @Inject(HEALTH_OPTIONS) options: HealthModuleOptions,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Optional() @Inject(METRICS_REGISTRY) registry?: Registry,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
    this.up = registry
      ? gauge(registry, {
          name: 'faultline_readiness_check_up',
          help: 'Whether the readiness check passed (1) or failed (0) on the last /readyz request.',
          labelNames: ['check'],
        })
      : undefined;
  }

  /** Runs every check now. */
  async check(): Promise<ReadinessReport> {
    const report = await runReadinessChecks(this.checks, this.timeoutMs);
    for (const [name, result] of Object.entries(report.checks)) {
      this.up?.set({ check: name }, result === 'ok' ? 1 : 0);
      this.logChange(name, result);
    }
    return report;
  }

  private logChange(name: string, result: string): void {
    const previous = this.lastResults.get(name);
    this.lastResults.set(name, result);
    if (result === previous || (result === 'ok' && previous === undefined)) return;
    if (result === 'ok') this.logger.log(`readiness check ${name} recovered`);
    else this.logger.warn(`readiness check ${name} failed: ${result}`);
  }
}
