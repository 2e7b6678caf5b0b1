// Each service starts with the Node flags its package.json declares, however it is started.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { serviceNodeFlags } from '../scripts/node-flags.mjs';

const SERVICES = ['ingest', 'enrichment', 'clustering', 'alert-router', 'github-issues'];

describe('service Node flags (faultline.nodeFlags)', () => {
  it('gives ingest a small young generation, enrichment a larger one, clustering a slower-growing old space, and every service a valid (possibly empty) list', () => {
    expect(serviceNodeFlags('ingest')).toContain('--max-semi-space-size=8');
    expect(serviceNodeFlags('ingest')).toContain('--heap-growing-percent=50');
    expect(serviceNodeFlags('enrichment')).toContain('--max-semi-space-size=32');
    expect(serviceNodeFlags('clustering')).toContain('--heap-growing-percent=50');
    for (const name of SERVICES) expect(Array.isArray(serviceNodeFlags(name))).toBe(true);
  });

  it('is what the Docker entry point passes to node', () => {
    const script = readFileSync('deploy/docker/entrypoint.sh', 'utf8');
    const line = /^flags=\$\((node -e ".*")\)$/m.exec(script)?.[1];
    expect(line).toBeDefined();
    for (const name of SERVICES) {
      const out = execFileSync('sh', ['-c', `SERVICE=${name}; printf '%s' "$(${line!.replaceAll('${SERVICE}', name)})"`], { encoding: 'utf8' });
      expect(out).toBe(serviceNodeFlags(name).join(' '));
    }
    expect(script).toMatch(/exec node \$flags "\$main" "\$@"/);
  });

  it('is used by npm run up and the end-to-end stack', () => {
    expect(readFileSync('scripts/up.mjs', 'utf8')).toMatch(/\.\.\.serviceNodeFlags\(name\), `services\/\$\{name\}\/dist\/main\.js`/);
    expect(readFileSync('test/e2e/support/service-process.ts', 'utf8')).toMatch(/\.\.\.serviceNodeFlags\(this\.options\.name\)/);
  });
});
