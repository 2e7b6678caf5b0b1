// The deploy assets (deploy/) checked without Docker, Kubernetes or helm: every plain YAML
// file parses, the Helm values validate against the chart's schema (and a broken one is
// refused readably), the templates only reference values and helpers that exist, every
// environment variable the chart or compose sets is one the receiving service's configuration
// schema reads (so a wrong name such as ALERTING_CONFIG_FILE fails here), and the Grafana
// dashboard and Prometheus rules query only metrics the code defines — so renaming a metric
// or a variable in the code fails here until the deploy assets follow.
import { Ajv, type ErrorObject } from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { DEFAULT_ALERTING_CONFIG, parseAlertingConfig } from '@faultline/alert-rules';

import { loadSchemaKeys } from '../scripts/config-reference.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const deploy = join(root, 'deploy');
const chart = join(deploy, 'helm/faultline');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function walk(dir: string, keep: (path: string) => boolean, skipDir: (name: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDir(entry.name)) out.push(...walk(path, keep, skipDir));
    } else if (keep(path)) out.push(path);
  }
  return out;
}

/** Metric names the code registers: quoted `faultline_…` literals in non-test sources, plus prom-client's default metrics under the registry's prefix. */
function definedMetrics(): Set<string> {
  const sources = [join(root, 'libs'), join(root, 'services')].flatMap((dir) =>
    walk(
      dir,
      (p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !/\.(int-)?spec\.ts$/.test(p) && p.includes('/src/'),
      (name) => ['node_modules', 'dist', 'test'].includes(name),
    ),
  );
  const names = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`](faultline_[a-z_]+)['"`]/g)) names.add(m[1]!);
    // counter/gauge/histogram(registry, { name: 'x' }) register `faultline_x` (the registry's prefix).
    for (const m of text.matchAll(/\b(?:counter|gauge|histogram)\(\s*[A-Za-z_.]+,\s*\{\s*name:\s*'([a-z_]+)'/g)) names.add(m[1]!.startsWith('faultline_') ? m[1]! : `faultline_${m[1]}`);
  }
  const registry = read('libs/platform/metrics/src/metrics-registry.ts');
  if (registry.includes("DEFAULT_METRIC_PREFIX = 'faultline_'") && registry.includes('collectDefaultMetrics')) {
    for (const file of walk(join(root, 'node_modules/prom-client/lib/metrics'), (p) => p.endsWith('.js'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"]((?:process|nodejs)_[a-z_]+)['"]/g)) names.add(`faultline_${m[1]}`);
    }
  }
  return names;
}

/** Metrics a PromQL expression reads (histogram series resolved to their metric). */
const queried = (expr: string) => [...expr.matchAll(/\bfaultline_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));

function unknownMetrics(exprs: string[], defined: Set<string>): string[] {
  return [...new Set(exprs.flatMap(queried))].filter((name) => !defined.has(name)).sort();
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's merge of a values file over the chart's values: maps merge, everything else replaces. */
function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
  return out;
}

/** One line per schema error, naming the path and, for unknown keys, the key. */
function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const at = e.instancePath || '/';
      if (e.keyword === 'additionalProperties') return `${at}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      return `${at}: ${e.message}`;
    })
    .join('\n');
}

let keysPromise: Promise<Map<string, string[]>> | undefined;
/** Variable names each configuration schema reads (imported from the schemas), by service; `cli` for the CLI. */
const schemaKeys = () => (keysPromise ??= loadSchemaKeys());

/** The `{{ define "name" }}` blocks of a template file, by name. */
function defines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/\{\{-?\s*define "/).slice(1);
  for (const part of parts) out.set(part.slice(0, part.indexOf('"')), part);
  return out;
}

/** `- name: X` entries of a block plus those of the helpers it includes. */
function envNames(block: string, helpers: Map<string, string>, seen = new Set<string>()): string[] {
  const names = [...block.matchAll(/^\s*- name: ([A-Z][A-Z0-9_]*)\s*$/gm)].map((m) => m[1]!);
  names.push(...[...block.matchAll(/\(list "([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1]!));
  for (const m of block.matchAll(/include "([^"]+)"/g)) {
    const name = m[1]!;
    if (seen.has(name) || !helpers.has(name)) continue;
    seen.add(name);
    names.push(...envNames(helpers.get(name)!, helpers, seen));
  }
  return names;
}

/**
 * Environment variables the chart sets that the receiving process does not read: per-service
 * blocks (`faultline.env.<service>`) and `services.<name>.env` values against that service's
 * schema; the common blocks against every service or the CLI (the migration Job); the rest of
 * deployment.yaml against any service, the CLI or the image's entrypoint (SERVICE).
 */
function unreadChartEnv(templates: Record<string, string>, values: Json, keys: Map<string, string[]>): string[] {
  const helpers = defines(templates['_helpers.tpl'] ?? '');
  const problems: string[] = [];
  const entrypoint = read('deploy/docker/entrypoint.sh');
  const services = SERVICES.map((s) => keys.get(s)!);
  const cli = keys.get('cli')!;
  for (const name of SERVICES) {
    const block = helpers.get(`faultline.env.${name}`);
    if (block === undefined) continue;
    for (const v of envNames(block, helpers)) if (!keys.get(name)!.includes(v)) problems.push(`faultline.env.${name}: ${v} (not read by ${name})`);
    const env = ((values.services as Record<string, { env?: Json }>)[name]?.env ?? {}) as Json;
    for (const v of Object.keys(env)) if (!keys.get(name)!.includes(v)) problems.push(`services.${name}.env: ${v} (not read by ${name})`);
  }
  for (const block of ['faultline.commonEnv', 'faultline.consumerEnv']) {
    for (const v of envNames(helpers.get(block) ?? '', helpers)) {
      const everyService = services.every((k) => k.includes(v));
      const someService = services.some((k) => k.includes(v));
      const ok = block === 'faultline.commonEnv' ? everyService || cli.includes(v) : someService;
      if (!ok) problems.push(`${block}: ${v} (not read by ${block === 'faultline.commonEnv' ? 'every service nor the CLI' : 'any service'})`);
    }
  }
  for (const file of ['deployment.yaml', 'job-migrate.yaml']) {
    for (const v of envNames(templates[file] ?? '', new Map())) {
      if (!services.some((k) => k.includes(v)) && !cli.includes(v) && !entrypoint.includes(v)) problems.push(`${file}: ${v} (read by nothing)`);
    }
  }
  for (const v of Object.keys((values.env ?? {}) as Json)) if (!services.some((k) => k.includes(v))) problems.push(`env: ${v} (not read by any service)`);
  return problems;
}

const SERVICES = ['ingest', 'enrichment', 'clustering', 'alert-router', 'github-issues'];

describe('deploy assets', () => {
  const yamlFiles = walk(
    deploy,
    (p) => /\.ya?ml$/.test(p),
    (name) => name === 'templates',
  );

  it('every YAML file outside the chart templates parses', () => {
    const expected = ['compose/compose.yaml', 'helm/faultline/Chart.yaml', 'helm/faultline/values.yaml', 'prometheus/rules.yaml'];
    expect(yamlFiles.map((p) => relative(deploy, p))).toEqual(expect.arrayContaining(expected));
    for (const file of yamlFiles) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })) {
        expect({ file: relative(root, file), errors: doc.errors.map((e) => e.message) }).toEqual({ file: relative(root, file), errors: [] });
      }
    }
  });

  describe('Helm chart', () => {
    const schema = JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8')) as Json;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as Json;
    const check = (v: unknown) => (validate(v) ? '' : explain(validate.errors));

    it('is a draft-07 schema and values.yaml validates against it', () => {
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.additionalProperties).toBe(false);
      expect(check(values)).toBe('');
    });

    it('validates every example values file merged over values.yaml', () => {
      const examples = walk(join(chart, 'examples'), (p) => p.endsWith('.yaml'));
      expect(examples.length).toBeGreaterThan(0);
      for (const file of examples) {
        expect({ file: relative(root, file), errors: check(merge(values, parse(readFileSync(file, 'utf8')) as Json)) }).toEqual({ file: relative(root, file), errors: '' });
      }
    });

    it('refuses broken values with an error naming the path and the problem', () => {
      const broken = merge(values, {
        nats: { url: 'http://nats:4222' },
        logLevel: 'verbose',
        services: { ingest: { replica: 3, replicas: 'two' } },
        ingres: { enabled: true },
      });
      const message = check(broken);
      expect(message).toContain('/: unknown key "ingres"');
      expect(message).toContain('/services/ingest: unknown key "replica"');
      expect(message).toContain('/services/ingest/replicas: must be integer');
      expect(message).toContain('/nats/url: must match pattern');
      expect(message).toContain('/logLevel: must be equal to one of the allowed values');
    });

    it('enables all five services, each on the port variable and default port its configuration reads', async () => {
      const services = values.services as Record<string, { enabled: boolean; port: number; portEnv: string }>;
      expect(Object.keys(services).sort()).toEqual([...SERVICES].sort());
      expect(readdirSync(join(root, 'services')).filter((n) => SERVICES.includes(n)).sort()).toEqual([...SERVICES].sort());
      const keys = await schemaKeys();
      for (const name of SERVICES) {
        const svc = services[name]!;
        const configFile = readdirSync(join(root, 'services', name, 'src')).find((f) => f.endsWith('.config.ts'))!;
        const defaultPort = new RegExp(`httpEnv\\('${svc.portEnv}', (\\d+)\\)`).exec(read(`services/${name}/src/${configFile}`))?.[1];
        expect({ name, enabled: svc.enabled, portRead: keys.get(name)!.includes(svc.portEnv), defaultPort: Number(defaultPort) }).toEqual({ name, enabled: true, portRead: true, defaultPort: svc.port });
      }
    });

    it('has no trace of the former "future" services', () => {
      const files = [...walk(chart, () => true), ...['docs/OPERATING.md', 'deploy/compose/compose.yaml', 'deploy/grafana/faultline.json', 'deploy/prometheus/rules.yaml', 'deploy/docker/Dockerfile'].map((f) => join(root, f))];
      const hits = files.flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(root, file)}:${i + 1}` }))
          .filter(({ line }) => /\bfuture\b/i.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
      expect(hits).toEqual([]);
    });

    it('sets only environment variables the receiving service reads (a wrong name fails)', async () => {
      const keys = await schemaKeys();
      const templates = Object.fromEntries(walk(join(chart, 'templates'), () => true).map((f) => [relative(join(chart, 'templates'), f), readFileSync(f, 'utf8')]));
      expect(unreadChartEnv(templates, values, keys)).toEqual([]);
      for (const file of walk(join(chart, 'examples'), (p) => p.endsWith('.yaml'))) {
        expect({ file: relative(root, file), unread: unreadChartEnv(templates, merge(values, parse(readFileSync(file, 'utf8')) as Json), keys) }).toEqual({ file: relative(root, file), unread: [] });
      }
      // The check itself: the old, wrong variable name of the alerting file is caught, in a
      // per-service block and in a service's `env` values.
      const broken = { ...templates, '_helpers.tpl': templates['_helpers.tpl']!.replace('- name: ALERTING_CONFIG\n', '- name: ALERTING_CONFIG_FILE\n') };
      expect(broken['_helpers.tpl']).not.toBe(templates['_helpers.tpl']);
      expect(unreadChartEnv(broken, values, keys)).toEqual(['faultline.env.alert-router: ALERTING_CONFIG_FILE (not read by alert-router)']);
      const brokenValues = merge(values, { services: { 'github-issues': { env: { GITHUB_LABELZ: 'x', GITHUB_LABELS: 'a,b' } } } });
      expect(unreadChartEnv(templates, brokenValues, keys)).toEqual(['services.github-issues.env: GITHUB_LABELZ (not read by github-issues)']);
    });

    it('ships the alert-router built-in configuration as the default alerting file, and valid example files', () => {
      const alerting = values.alerting as { config: string };
      expect(parseAlertingConfig(alerting.config)).toEqual(parseAlertingConfig(DEFAULT_ALERTING_CONFIG));
      for (const file of [...walk(join(chart, 'examples'), (p) => p.endsWith('.yaml')), join(deploy, 'examples/alerting.yaml')]) {
        const doc = parse(readFileSync(file, 'utf8')) as { alerting?: { config?: string } } | null;
        const text = file.endsWith('examples/alerting.yaml') ? readFileSync(file, 'utf8') : doc?.alerting?.config;
        if (text) expect(() => parseAlertingConfig(text), relative(root, file)).not.toThrow();
      }
      const helpers = read('deploy/helm/faultline/templates/_helpers.tpl');
      expect(helpers).toContain('- name: ALERTING_CONFIG\n  value: /etc/faultline/alerting.yaml');
      expect(read('deploy/helm/faultline/templates/deployment.yaml')).toMatch(/- name: alerting\n\s+mountPath: \/etc\/faultline\n/);
    });

    it('routes the ingress paths to the services that serve them', () => {
      const ingress = values.ingress as { ingestPath: string; uploadPath: string; githubWebhookPath: string; eventLinkPath: string };
      expect(ingress).toMatchObject({ ingestPath: '/api', uploadPath: '/api/0/', githubWebhookPath: '/api/github/webhooks', eventLinkPath: '/api/v1/events/' });
      // The routes exist in the services.
      expect(read('services/ingest/src/ingest-routes.ts')).toContain("'/api/:projectId/envelope/'");
      expect(walk(join(root, 'services/enrichment/src'), (p) => p.endsWith('.ts')).some((f) => readFileSync(f, 'utf8').includes("'/api/0/organizations/:org/chunk-upload/'"))).toBe(true);
      expect(walk(join(root, 'services/github-issues/src'), (p) => p.endsWith('.ts')).some((f) => readFileSync(f, 'utf8').includes("@Post('api/github/webhooks')"))).toBe(true);
      expect(walk(join(root, 'services/github-issues/src'), (p) => p.endsWith('.ts')).some((f) => readFileSync(f, 'utf8').includes("@Get('api/v1/events/:project/:eventId')"))).toBe(true);
      const template = read('deploy/helm/faultline/templates/ingress.yaml');
      for (const [path, service] of [['ingestPath', '"ingest"'], ['uploadPath', '"enrichment"'], ['githubWebhookPath', '"github-issues"'], ['eventLinkPath', '"github-issues"']]) {
        expect(template).toContain(`(list .Values.ingress.${path} ${service}`);
      }
      expect(template).toContain('pathType: Prefix');
    });

    it('templates are balanced and include only helpers that are defined', () => {
      const helperNames = new Set<string>();
      const texts = walk(join(chart, 'templates'), () => true).map((f) => [relative(chart, f), readFileSync(f, 'utf8')] as const);
      for (const [, text] of texts) for (const m of text.matchAll(/\{\{-?\s*define "([^"]+)"/g)) helperNames.add(m[1]!);
      const problems: string[] = [];
      for (const [file, text] of texts) {
        const actions = [...text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '').matchAll(/\{\{-?\s*(if|range|with|define|end)\b/g)].map((m) => m[1]);
        let depth = 0;
        for (const a of actions) {
          depth += a === 'end' ? -1 : 1;
          if (depth < 0) break;
        }
        if (depth !== 0) problems.push(`${file}: ${depth > 0 ? 'unclosed block' : 'extra end'}`);
        for (const m of text.matchAll(/include "([^"]+)"/g)) if (!helperNames.has(m[1]!)) problems.push(`${file}: include of undefined "${m[1]}"`);
      }
      for (const name of SERVICES) if (!helperNames.has(`faultline.env.${name}`)) problems.push(`no faultline.env.${name}`);
      expect(problems).toEqual([]);
    });

    it('templates reference only values that exist in values.yaml', () => {
      const missing: string[] = [];
      for (const file of walk(join(chart, 'templates'), () => true)) {
        for (const m of readFileSync(file, 'utf8').matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)) {
          let node: unknown = values;
          for (const key of m[1]!.slice(1).split('.')) {
            node = isObject(node) && key in node ? node[key] : undefined;
            if (node === undefined) {
              missing.push(`${relative(chart, file)}: .Values${m[1]}`);
              break;
            }
          }
        }
      }
      expect(missing).toEqual([]);
    });

    // A real render when helm is installed (HELM_BIN, else `helm` on PATH); see docs/OPERATING.md.
    const helmBin = process.env.HELM_BIN ?? 'helm';
    const hasHelm = spawnSync(helmBin, ['version', '--short'], { encoding: 'utf8' }).status === 0;
    const helm = (args: string[]) => {
      const home = mkdtempSync(join(tmpdir(), 'faultline-helm-'));
      try {
        return spawnSync(helmBin, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HELM_CACHE_HOME: home, HELM_CONFIG_HOME: home, HELM_DATA_HOME: home } });
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    };
    describe.skipIf(!hasHelm)('rendered by helm', () => {
      const examples = () => walk(join(chart, 'examples'), (p) => p.endsWith('.yaml'));
      type Container = { env: { name: string }[]; volumeMounts?: { mountPath: string; name: string }[] };
      type Manifest = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: Json; data?: Record<string, string> };

      it('helm lint passes with every example values file', () => {
        for (const file of examples()) {
          const run = helm(['lint', chart, '-f', file]);
          expect({ file: relative(root, file), status: run.status, out: run.status === 0 ? '' : run.stdout + run.stderr }).toEqual({ file: relative(root, file), status: 0, out: '' });
        }
      });

      it('every rendered container gets only variables its service reads; the alerting file and the ingress are wired', async () => {
        const keys = await schemaKeys();
        for (const file of examples()) {
          const run = helm(['template', 't', chart, '-f', file]);
          expect({ file, status: run.status, err: run.stderr }).toMatchObject({ file, status: 0 });
          const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as Manifest | null).filter((d): d is Manifest => d !== null);
          const deployments = docs.filter((d) => d.kind === 'Deployment');
          expect(deployments.map((d) => d.metadata.labels!['app.kubernetes.io/component']).sort()).toEqual([...SERVICES].sort());
          const unread: string[] = [];
          for (const d of deployments) {
            const service = d.metadata.labels!['app.kubernetes.io/component']!;
            const container = ((d.spec!.template as Json).spec as { containers: Container[] }).containers[0]!;
            const names = container.env.map((e) => e.name);
            for (const n of names) if (n !== 'SERVICE' && !keys.get(service)!.includes(n) && !keys.get('cli')!.includes(n)) unread.push(`${service}: ${n}`);
            // Object storage exactly where the schema requires it.
            expect({ service, s3: names.includes('S3_ENDPOINT') }).toEqual({ service, s3: keys.get(service)!.includes('S3_ENDPOINT') });
            if (service === 'alert-router') {
              expect(names).toContain('ALERTING_CONFIG');
              expect(container.volumeMounts!.map((m) => m.mountPath)).toContain('/etc/faultline');
            }
          }
          for (const job of docs.filter((d) => d.kind === 'Job')) {
            const container = ((job.spec!.template as Json).spec as { containers: Container[] }).containers[0]!;
            for (const n of container.env.map((e) => e.name)) if (!keys.get('cli')!.includes(n) && !SERVICES.every((s) => keys.get(s)!.includes(n))) unread.push(`migrate job: ${n}`);
          }
          expect({ file: relative(root, file), unread }).toEqual({ file: relative(root, file), unread: [] });
          const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name.endsWith('-alerting'))!;
          expect(() => parseAlertingConfig(configMap.data!['alerting.yaml']!)).not.toThrow();
          for (const ingress of docs.filter((d) => d.kind === 'Ingress')) {
            const paths = ((ingress.spec!.rules as Json[])[0]!.http as { paths: { path: string; backend: { service: { name: string } } }[] }).paths;
            expect(paths.map((p) => [p.path, p.backend.service.name])).toEqual([
              ['/api', 't-faultline-ingest'],
              ['/api/0/', 't-faultline-enrichment'],
              ['/api/github/webhooks', 't-faultline-github-issues'],
              ['/api/v1/events/', 't-faultline-github-issues'],
            ]);
          }
        }
      });

      it('refuses to render without the database, without object storage, or with an App id but no key', () => {
        const minimal = join(chart, 'examples/minimal.yaml');
        const cases: [string[], string][] = [
          [[], 'database.url is required unless database.existingSecret is set'],
          [['-f', minimal, '--set', 'objectStorage.endpoint='], 'objectStorage.endpoint is required while enrichment or clustering is enabled'],
          [['-f', minimal, '--set', 'github.appId=42'], 'github.appId needs github.privateKey or github.existingSecret'],
        ];
        for (const [args, message] of cases) {
          const run = helm(['template', 't', chart, ...args]);
          expect({ args, status: run.status === 0 ? 0 : 1, message: run.stderr.includes(message) }).toEqual({ args, status: 1, message: true });
        }
        // Without enrichment and clustering, no object storage is needed.
        const run = helm(['template', 't', chart, '-f', minimal, '--set', 'objectStorage.endpoint=', '--set', 'services.enrichment.enabled=false', '--set', 'services.clustering.enabled=false']);
        expect({ status: run.status, err: run.stderr }).toEqual({ status: 0, err: '' });
      });
    });

    it('has the templates the operating guide promises', () => {
      const templates = readdirSync(join(chart, 'templates')).sort();
      expect(templates).toEqual(
        expect.arrayContaining(['NOTES.txt', '_helpers.tpl', 'configmap-alerting.yaml', 'deployment.yaml', 'hpa.yaml', 'ingress.yaml', 'job-migrate.yaml', 'pdb.yaml', 'secret-github.yaml', 'secret.yaml', 'service.yaml', 'servicemonitor.yaml']),
      );
      const deployment = readFileSync(join(chart, 'templates/deployment.yaml'), 'utf8');
      expect(deployment).toContain('path: /healthz');
      expect(deployment).toContain('path: /readyz');
      expect(deployment).toContain('checksum/alerting');
      expect(deployment).toContain('checksum/github');
      expect(readFileSync(join(chart, 'templates/hpa.yaml'), 'utf8')).toContain('name: cpu');
      expect(readFileSync(join(chart, 'templates/pdb.yaml'), 'utf8')).toContain('kind: PodDisruptionBudget');
      expect(readFileSync(join(chart, 'templates/servicemonitor.yaml'), 'utf8')).toContain('path: /metrics');
      expect(readFileSync(join(chart, 'templates/job-migrate.yaml'), 'utf8')).toContain('command: ["node", "bin/faultline.mjs", "migrate"]');
    });
  });

  describe('dashboards and alerts', () => {
    const defined = definedMetrics();

    it('finds the metrics the code defines', () => {
      expect(defined).toContain('faultline_ingest_events_total');
      expect(defined).toContain('faultline_consumer_pending_messages');
      expect(defined).toContain('faultline_process_resident_memory_bytes');
    });

    it('the Grafana dashboard parses and queries only defined metrics', () => {
      const dashboard = JSON.parse(read('deploy/grafana/faultline.json')) as { uid: string; panels: Json[] };
      expect(dashboard.uid).toBe('faultline-overview');
      const exprs: string[] = [];
      const visit = (panels: Json[]) => {
        for (const p of panels) {
          for (const t of (p.targets as Json[] | undefined) ?? []) if (typeof t.expr === 'string') exprs.push(t.expr);
          if (Array.isArray(p.panels)) visit(p.panels as Json[]);
        }
      };
      visit(dashboard.panels);
      expect(exprs.length).toBeGreaterThan(10);
      expect(unknownMetrics(exprs, defined)).toEqual([]);
      // The queries cover the pipeline's main signals.
      const all = exprs.join('\n');
      for (const name of [
        'faultline_ingest_events_total',
        'faultline_consumer_pending_messages',
        'faultline_consumer_dead_lettered_total',
        'faultline_publish_total',
        'faultline_readiness_check_up',
        'faultline_sourcemap_frames_total',
        'faultline_clustering_groups_created_total',
        'faultline_alert_router_alerts_received_total',
        'faultline_alert_router_notifications_total',
        'faultline_github_requests_total',
        'faultline_github_throttled_total',
      ]) {
        expect(all).toContain(name);
      }
      for (const outcome of ['accepted', 'filtered', 'rate_limited']) expect(all).toContain(`outcome="${outcome}"`);
    });

    it('the Prometheus rules are well-formed and query only defined metrics', () => {
      const rules = parse(read('deploy/prometheus/rules.yaml')) as { groups: { name: string; rules: Json[] }[] };
      expect(rules.groups.length).toBeGreaterThan(0);
      const exprs: string[] = [];
      for (const group of rules.groups) {
        expect(group.name).toMatch(/\S/);
        for (const rule of group.rules) {
          expect(Object.keys(rule).filter((k) => !['alert', 'expr', 'for', 'labels', 'annotations', 'keep_firing_for'].includes(k))).toEqual([]);
          expect(rule.alert).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect(typeof rule.expr).toBe('string');
          if (rule.for !== undefined) expect(rule.for).toMatch(/^([0-9]+(ms|s|m|h|d|w|y))+$/);
          expect((rule.labels as Json).severity).toMatch(/^(warning|critical|info)$/);
          exprs.push(rule.expr as string);
        }
      }
      expect(unknownMetrics(exprs, defined)).toEqual([]);
      // The alerts the operating guide promises.
      const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
      expect(alerts).toEqual(expect.arrayContaining(['FaultlineConsumerLagGrowing', 'FaultlineDeadLetters', 'FaultlineIngestInternalErrors', 'FaultlineGitHubRateLimited']));
    });

    // promtool (Debian package `prometheus`, 2.42+ for keep_firing_for) is not on every machine.
    const promtool = spawnSync('promtool', ['--version']).status === 0;
    it.skipIf(!promtool)('promtool accepts the rules file and every dashboard query (as recording rules)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'faultline-promtool-'));
      try {
        const dashboard = JSON.parse(read('deploy/grafana/faultline.json')) as { panels: Json[] };
        const exprs = dashboard.panels.flatMap((p) => ((p.targets as Json[] | undefined) ?? []).map((t) => String(t.expr)));
        const rules = { groups: [{ name: 'dashboard', rules: exprs.map((e, i) => ({ record: `faultline:dashboard_query_${i}`, expr: e.replaceAll('$__rate_interval', '5m').replaceAll('$project', '.*') })) }] };
        writeFileSync(join(dir, 'dashboard.yaml'), stringify(rules));
        for (const file of [join(deploy, 'prometheus/rules.yaml'), join(dir, 'dashboard.yaml')]) {
          const run = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
          expect({ file: relative(root, file), status: run.status, output: run.status === 0 ? '' : run.stdout + run.stderr }).toEqual({ file: relative(root, file), status: 0, output: '' });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the metric check catches a metric the code does not define', () => {
      expect(unknownMetrics(['sum(rate(faultline_github_rate_limited_total[5m]))', 'faultline_consumer_handler_duration_seconds_bucket'], defined)).toEqual(['faultline_github_rate_limited_total']);
      // Helper-registered names get the registry prefix (alert-router registers `alert_router_leader`).
      expect(defined).toContain('faultline_alert_router_leader');
      expect(defined).toContain('faultline_config_last_reload_successful');
    });
  });

  describe('image and compose', () => {
    it('the Dockerfile runs as a non-root user with a health check', () => {
      const dockerfile = read('deploy/docker/Dockerfile');
      const user = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
      expect(user.length).toBeGreaterThan(0);
      expect(user.at(-1)).not.toMatch(/^(root|0)(:|$)/);
      expect(dockerfile).toMatch(/^HEALTHCHECK /m);
      expect(dockerfile).toMatch(/^FROM node:\$\{NODE_VERSION\}-slim AS runtime$/m);
      expect(read('deploy/docker/healthcheck.mjs')).toContain('/healthz');
    });

    it('every package the shipped workspaces import at run time survives the image\'s `npm prune --omit=dev`', () => {
      // The image keeps only production dependencies: a runtime import declared as a
      // devDependency builds and tests fine, then fails at start in the container.
      const lock = (JSON.parse(read('package-lock.json')) as { packages: Record<string, { link?: boolean; resolved?: string }> }).packages;
      const workspaces = new Map(Object.entries(lock).filter(([k, v]) => v.link && k.startsWith('node_modules/')).map(([k, v]) => [k.slice('node_modules/'.length), v.resolved!]));
      const pkg = (dir: string) => JSON.parse(read(`${dir}/package.json`)) as { dependencies?: Json; peerDependencies?: Json };
      const rootDeps = Object.keys(pkg('.').dependencies ?? {});
      // The services and the CLI, and every workspace they depend on (transitively).
      const shipped = new Set([...workspaces].filter(([, dir]) => dir.startsWith('services/') || dir === 'tools/cli').map(([name]) => name));
      for (const name of shipped) for (const dep of Object.keys(pkg(workspaces.get(name)!).dependencies ?? {})) if (workspaces.has(dep)) shipped.add(dep);
      expect([...shipped]).toEqual(expect.arrayContaining(['@faultline/ingest', '@faultline/platform-config', '@faultline/contracts']));
      const undeclared = new Set<string>();
      for (const name of shipped) {
        const dir = workspaces.get(name)!;
        if (!readdirSync(join(root, dir)).includes('src')) continue;
        const declared = new Set([...Object.keys(pkg(dir).dependencies ?? {}), ...Object.keys(pkg(dir).peerDependencies ?? {}), ...rootDeps]);
        const sources = walk(join(root, dir, 'src'), (p) => p.endsWith('.ts') && !/\.(int-)?spec\.ts$|\.d\.ts$/.test(p), (n) => ['node_modules', 'test', 'dist'].includes(n));
        for (const file of sources) {
          for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'".][^'"]*)['"]|import\(\s*['"]([^'".][^'"]*)['"]\s*\)/gm)) {
            const spec = (m[1] ?? m[2])!;
            if (spec.startsWith('node:')) continue;
            const dep = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
            if (!declared.has(dep)) undeclared.add(`${dir}: ${dep}`);
          }
        }
      }
      // Known, reported to the owner of services/enrichment: fflate (artifact bundles) is a
      // devDependency there, so after the prune enrichment does not start (ERR_MODULE_NOT_FOUND,
      // reproduced on a pruned copy of the tree). Remove the entry once it is a dependency; any
      // other undeclared runtime import fails here.
      const known = ['services/enrichment: fflate'];
      expect([...undeclared].filter((u) => !known.includes(u)).sort()).toEqual([]);
    });

    it('compose starts all five services with NATS, PostgreSQL and MinIO, passing each only variables it reads', async () => {
      const compose = parse(read('deploy/compose/compose.yaml'), { merge: true }) as { services: Record<string, Json>; volumes: Json };
      expect(compose.services.nats!.image).toBe('nats:2.10');
      expect(compose.services.nats!.command).toContain('-js');
      expect(compose.services.postgres!.image).toBe('postgres:15');
      expect(String(compose.services.minio!.image)).toMatch(/^minio\/minio/);
      expect(compose.services.migrate!.command).toEqual(['migrate']);
      const keys = await schemaKeys();
      const unread: string[] = [];
      for (const name of SERVICES) {
        const svc = compose.services[name]!;
        expect({ name, profiles: svc.profiles, command: svc.command }).toEqual({ name, profiles: undefined, command: [name] });
        const env = svc.environment as Json;
        // FAULTLINE_PUBLIC_URL is for the CLI run inside a service container.
        for (const v of Object.keys(env)) if (!keys.get(name)!.includes(v) && !keys.get('cli')!.includes(v)) unread.push(`${name}: ${v}`);
        // An empty value would fail the schema's min(1) checks: pass-through variables are null.
        for (const [v, value] of Object.entries(env)) if (value === '') unread.push(`${name}: ${v} is empty`);
      }
      for (const v of Object.keys(compose.services.migrate!.environment as Json)) if (!keys.get('cli')!.includes(v)) unread.push(`migrate: ${v}`);
      expect(unread).toEqual([]);
      // Storage variables go exactly to the services whose schema requires them.
      for (const name of SERVICES) {
        expect({ name, s3: 'S3_ENDPOINT' in (compose.services[name]!.environment as Json) }).toEqual({ name, s3: keys.get(name)!.includes('S3_ENDPOINT') });
      }
      expect(Object.keys(compose.volumes)).toContain('github-dry-run');
    });

    it('the health check finds the service and its default port from the entrypoint\'s exec', () => {
      const check = read('deploy/docker/healthcheck.mjs');
      expect(read('deploy/docker/entrypoint.sh')).toContain('main="services/${SERVICE}/dist/main.js"');
      const regex = new Function(`return ${/\/\(\?:.*main\\\.js\$\//.exec(check)![0]}`)() as RegExp;
      expect(regex.exec('services/alert-router/dist/main.js')?.[1]).toBe('alert-router');
      const ports = new Function(`return ${/const PORTS = (\{[^}]+\})/.exec(check)![1]}`)() as Record<string, number>;
      const chartValues = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as { services: Record<string, { port: number }> };
      expect(ports).toEqual(Object.fromEntries(SERVICES.map((n) => [n, chartValues.services[n]!.port])));
    });
  });
});
