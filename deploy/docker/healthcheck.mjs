// Docker HEALTHCHECK: GET /healthz of the service this container runs.
// The service comes from SERVICE, or from PID 1's arguments when it was chosen by argument;
// the port from <SERVICE>_PORT (INGEST_PORT, …), else HEALTHCHECK_PORT, else 8080.
import { readFileSync } from 'node:fs';

const SERVICES = ['ingest', 'enrichment', 'clustering', 'alert-router', 'github-issues'];
let service = process.env.SERVICE ?? 'ingest';
try {
  const args = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
  service = args.find((a) => SERVICES.includes(a)) ?? service;
} catch {
  // not Linux, or /proc hidden: keep SERVICE
}
const portVar = `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
const port = process.env[portVar] ?? process.env.HEALTHCHECK_PORT ?? '8080';
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
