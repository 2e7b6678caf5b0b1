// Runs Debian's `amtool` (prometheus-alertmanager 0.25) when it is installed; the differential tests
// skip, saying so, when it is not. CI installs the package.
import { spawnSync } from 'node:child_process';

/** Whether `amtool` is on the PATH. */
export const HAS_AMTOOL = spawnSync('amtool', ['--version'], { encoding: 'utf8' }).status === 0;

if (!HAS_AMTOOL) {
  console.warn('amtool not found: skipping the differential tests against Alertmanager (apt-get install prometheus-alertmanager)');
}

/** Runs amtool with `args`; returns exit status and combined output. */
export function amtool(args: readonly string[]): { status: number; out: string } {
  const r = spawnSync('amtool', args, { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
