// The two Kubernetes probes. Liveness says only that the process serves HTTP, so a
// database outage makes pods unready (no traffic) instead of restarting them all.
import { Controller, Get, Header, Res } from '@nestjs/common';

import { ReadinessService } from './readiness.service.js';

/** The part of a Fastify (or Express) reply this controller uses. */
interface StatusSetter {
  status(code: number): unknown;
}

/** Body of /healthz and /readyz. */
export interface HealthBody {
  status: 'ok' | 'unavailable';
  checks?: Record<string, string>;
}

/** GET /healthz (liveness) and GET /readyz (readiness). */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Always 200 {"status":"ok"} while the process answers; never touches a dependency. */
  @Get('healthz')
  @Header('Cache-Control', 'no-store')
  healthz(): HealthBody {
    return { status: 'ok' };
  }

  /** 200 when every check passes, 503 otherwise; the body names each check's result. */
  @Get('readyz')
  @Header('Cache-Control', 'no-store')
  async readyz(@Res({ passthrough: true }) reply: StatusSetter): Promise<HealthBody> {
    const report = await this.readiness.check();
    reply.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ok' : 'unavailable', checks: report.checks };
  }
}
