// Differential test: for a non-trivial route tree, `amtool config routes test` and Route.match pick the
// same receivers in the same order for every label set of a corpus, and `amtool config routes` prints
// the same matchers for every node as our route keys do.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/parse-config.js';
import { buildRouteTree } from '../src/dispatch/route.js';
import { formatRouteTree } from '../src/dispatch/format-route-tree.js';
import { formatMatchers } from '../src/labels/matcher.js';
import { amtool, HAS_AMTOOL } from './amtool.js';

const TREE = `
route:
  receiver: default
  group_by: [alertname]
  routes:
    - matchers: ['severity=~"page|critical"']
      receiver: pager
      continue: true
      routes:
        - matchers: [env="prod", 'team!~"infra|db"']
          receiver: pager-prod
        - matchers: [env=~"stag.*"]
          receiver: pager-staging
          continue: true
        - matchers: [env!=""]
          receiver: pager-any-env
    - match: { team: web }
      match_re: { service: "front.*|edge" }
      receiver: web
      continue: true
      group_by: ['...']
    - matchers: ['{team="web", project=~"p[0-9]+"}']
      receiver: web-projects
      routes:
        - matchers: ['level!="error"']
          receiver: web-noise
    - matchers: ['msg=~"(?i)timeout.*"']
      receiver: timeouts
    - matchers: [project="a"]
      continue: true
      receiver: project-a
    - matchers: [project=~"a|b"]
      receiver: project-ab
receivers:
  - { name: default }
  - { name: pager }
  - { name: pager-prod }
  - { name: pager-staging }
  - { name: pager-any-env }
  - { name: web }
  - { name: web-projects }
  - { name: web-noise }
  - { name: timeouts }
  - { name: project-a }
  - { name: project-ab }
`;

const CORPUS: Record<string, string>[] = [
  {},
  { alertname: 'X' },
  { severity: 'page' },
  { severity: 'page', env: 'prod' },
  { severity: 'page', env: 'prod', team: 'infra' },
  { severity: 'critical', env: 'staging' },
  { severity: 'critical', env: 'stage' },
  { severity: 'critical', env: 'dev' },
  { severity: 'pagex', env: 'prod' },
  { team: 'web', service: 'frontend' },
  { team: 'web', service: 'edge', project: 'p12' },
  { team: 'web', service: 'edgy', project: 'p12' },
  { team: 'web', project: 'p7', level: 'warning' },
  { team: 'web', project: 'p7', level: 'error' },
  { team: 'web', project: 'px', level: 'error' },
  { msg: 'TIMEOUT after 5s' },
  { msg: 'connection Timeout' },
  { project: 'a' },
  { project: 'b' },
  { project: 'a', severity: 'page', env: 'prod', team: 'web', service: 'front-1' },
  { severity: 'page', team: 'web', service: 'frontend', project: 'p1', level: 'info', env: 'staging' },
];

describe.skipIf(!HAS_AMTOOL)('Route.match agrees with amtool config routes (needs prometheus-alertmanager)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routing-amtool-'));
  const file = join(dir, 'routes.yml');
  writeFileSync(file, TREE);
  const root = buildRouteTree(parseConfig(TREE).route);

  it.each(CORPUS.map((l) => [JSON.stringify(l), l] as const))('labels %s', (_n, labels) => {
    const args = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const am = amtool(['config', 'routes', 'test', `--config.file=${file}`, ...args]);
    expect(am.status, am.out).toBe(0);
    const theirs = am.out.split('\n').filter((l) => l && !l.startsWith('Warning'))[0]!.split(',');
    expect(root.match(labels).map((r) => r.opts.receiver)).toEqual(theirs);
  });

  it('prints the same matchers for every node of the tree', () => {
    const am = amtool(['config', 'routes', `--config.file=${file}`]);
    const printed = am.out.split('\n').map((l) => /(\{.*\})\s/.exec(l)?.[1]).filter((m): m is string => m !== undefined);
    expect(root.walk().slice(1).map((r) => formatMatchers(r.matchers))).toEqual(printed);
  });

  it('formatRouteTree prints the tree exactly as amtool config routes does', () => {
    const am = amtool(['config', 'routes', `--config.file=${file}`]);
    const theirs = am.out.split('\n').filter((l) => !l.startsWith('Warning')).join('\n').trimEnd();
    expect(formatRouteTree(root).trimEnd()).toBe(theirs);
  });
});
