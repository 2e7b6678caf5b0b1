// Docker HEALTHCHECK: GET /healthz of the service this container runs.
// The service comes from PID 1's arguments (after the entrypoint's exec they are
// `node services/<name>/dist/main.js`), else from SERVICE (the image's default); the port
// from <SERVICE>_PORT (INGEST_PORT, …), else HEALTHCHECK_PORT, else the service's default port.
import { readFileSync } from 'node:fs';

const PORTS = { ingest: 8080, enrichment: 8081, clustering: 8082, 'alert-router': 8083, 'github-issues': 8084 };
let service = process.env.SERVICE ?? 'ingest';
try {
  const args = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
  const fromMain = args.map((a) => /(?:^|\/)services\/([a-z-]+)\/dist\/main\.js$/.exec(a)?.[1]).find((s) => s in PORTS);
  service = fromMain ?? args.find((a) => a in PORTS) ?? service;
} catch {
  // not Linux, or /proc hidden: keep SERVICE
}
const portVar = `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
const port = process.env[portVar] ?? process.env.HEALTHCHECK_PORT ?? String(PORTS[service] ?? 8080);
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
