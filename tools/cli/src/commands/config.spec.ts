// `faultline config check` in process: the example file passes and prints amtool's tree; a file
// with problems fails with every problem and its YAML path.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli.js';
import type { CliIo } from '../io.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', '..', 'deploy', 'examples', 'alerting.yaml');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), env: {} };
  return { io, out, err };
}

describe('faultline config check', () => {
  it('accepts deploy/examples/alerting.yaml and prints the route tree', async () => {
    const { io, out } = capture();
    expect(await runCli(['config', 'check', EXAMPLE], io)).toBe(0);
    expect(out[0]).toBe(`Checking '${EXAMPLE}'  SUCCESS`);
    expect(out).toContain(' - 5 alert rules: NewIssue (new_issue), Regression (regression), FrequentErrors (frequency), ManyUsers (users), ErrorSpike (spike)');
    expect(out.slice(out.indexOf('Routing tree:'))).toEqual([
      'Routing tree:',
      '.',
      '└── default-route  receiver: github',
      '    ├── {severity="critical"}  continue: true  receiver: oncall',
      '    └── {alertname=~"NewIssue|Regression"}  receiver: github',
    ]);
  });

  it('lists every problem with its path and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'route:\n  receiver: x\n  bogus: 1\nreceivers: [{ name: y }]\n');
    const { io, out } = capture();
    expect(await runCli(['config', 'check', file], io)).toBe(1);
    expect(out).toEqual([`Checking '${file}'  FAILED: 2 problems`, '  route.bogus: unknown key', '  route.receiver: undefined receiver "x" used in route']);
  });

  it('reports a bad alert rule and an unreadable file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'rules.yml');
    writeFileSync(file, 'route: { receiver: a }\nreceivers: [{ name: a }]\nalert_rules: [{ name: X, type: sometimes }]\n');
    const bad = capture();
    expect(await runCli(['config', 'check', file], bad.io)).toBe(1);
    expect(bad.out.join('\n')).toContain('alert_rules[0].type');
    const missing = capture();
    expect(await runCli(['config', 'check', join(dir, 'nope.yml')], missing.io)).toBe(1);
    expect(missing.err[0]).toContain('cannot read');
    const usage = capture();
    expect(await runCli(['config', 'check'], usage.io)).toBe(2);
  });
});
