// Options of HealthModule, shared by the module (which receives them) and the
// readiness service (which applies them).
import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';

import type { ReadinessCheck } from './readiness-check.js';

/** Options of HealthModule. */
export interface HealthModuleOptions {
  /** The dependencies /readyz checks; none means ready as soon as the app serves HTTP. */
  checks?: ReadinessCheck[];
  /** Time each check gets before it counts as failed; default DEFAULT_READINESS_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** Default per-check timeout: below Kubernetes' default 1 s probe timeout, so the probe gets the 503 and its body. */
export const DEFAULT_READINESS_TIMEOUT_MS = 800;

/** Options of HealthModule.forRootAsync, for checks built from injected connections. */
export interface HealthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => HealthModuleOptions | Promise<HealthModuleOptions>;
}
