// The Node flags a service is started with, wherever it is started (`npm run up`, the Docker
// entry point, the end-to-end stack, benchmarks): `faultline.nodeFlags` in the service's
// package.json. Ingest sets `--max-semi-space-size=8`: its heap is almost all short-lived request
// garbage, and V8's default young generation (up to 3 × 16 MB, grown under load) was most of its
// RSS above the 200 MB target, for no measurable throughput (docs/PERFORMANCE.md, ingest).
import { readFileSync } from 'node:fs';

/** The flags of `services/<name>` (none when its package.json declares none). */
export function serviceNodeFlags(name, root = new URL('../', import.meta.url)) {
  const manifest = JSON.parse(readFileSync(new URL(`services/${name}/package.json`, root), 'utf8'));
  const flags = manifest.faultline?.nodeFlags ?? [];
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string' && f.startsWith('--'))) {
    throw new Error(`services/${name}/package.json: faultline.nodeFlags must be a list of --flags`);
  }
  return flags;
}
