// The deploy assets (deploy/) checked without Docker, Kubernetes or helm: every plain YAML
// file parses, the Helm values validate against the chart's schema (and a broken one is
// refused readably), the templates only reference values that exist, and the Grafana
// dashboard and Prometheus rules query only metrics the code defines — so renaming a metric
// in the code fails here until the dashboards follow.
import { Ajv, type ErrorObject } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

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
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`](faultline_[a-z_]+)['"`]/g)) names.add(m[1]!);
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

    it('enables only the services that exist; the future ones are marked and disabled', () => {
      const services = values.services as Record<string, { enabled: boolean; future?: boolean; portEnv: string }>;
      expect(Object.keys(services).sort()).toEqual([...SERVICES].sort());
      const existing = readdirSync(join(root, 'services'));
      for (const name of SERVICES) {
        const exists = existing.includes(name);
        expect({ name, enabled: services[name]!.enabled, future: services[name]!.future }).toEqual({ name, enabled: exists, future: !exists });
      }
      // The port variable of an existing service is one its configuration reads.
      expect(read('services/ingest/src/ingest.config.ts')).toContain("'INGEST_PORT'");
      expect(services.ingest!.portEnv).toBe('INGEST_PORT');
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

    it('has the templates the operating guide promises', () => {
      const templates = readdirSync(join(chart, 'templates')).sort();
      expect(templates).toEqual(
        expect.arrayContaining(['NOTES.txt', '_helpers.tpl', 'configmap-alerting.yaml', 'deployment.yaml', 'hpa.yaml', 'ingress.yaml', 'job-migrate.yaml', 'pdb.yaml', 'secret-github.yaml', 'secret.yaml', 'service.yaml', 'servicemonitor.yaml']),
      );
      const deployment = readFileSync(join(chart, 'templates/deployment.yaml'), 'utf8');
      expect(deployment).toContain('path: /healthz');
      expect(deployment).toContain('path: /readyz');
      expect(deployment).toContain('checksum/alerting');
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
      for (const name of ['faultline_ingest_events_total', 'faultline_consumer_pending_messages', 'faultline_consumer_dead_lettered_total', 'faultline_publish_total', 'faultline_readiness_check_up']) {
        expect(all).toContain(name);
      }
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

    it('compose starts ingest and keeps the future services behind a profile, with variables the code reads', () => {
      const compose = parse(read('deploy/compose/compose.yaml'), { merge: true }) as { services: Record<string, Json> };
      expect(compose.services.nats!.image).toBe('nats:2.10');
      expect(compose.services.nats!.command).toContain('-js');
      expect(compose.services.postgres!.image).toBe('postgres:15');
      expect(compose.services.migrate!.command).toEqual(['migrate']);
      const existing = readdirSync(join(root, 'services'));
      for (const name of SERVICES) {
        expect({ name, profiles: compose.services[name]!.profiles }).toEqual({ name, profiles: existing.includes(name) ? undefined : ['future'] });
      }
      // Configuration is read in libs/platform/config, the services and the CLI (tools/cli).
      const code = ['libs/platform', 'services', 'tools/cli']
        .flatMap((dir) => walk(join(root, dir), (p) => p.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(p) && p.includes('/src/'), (n) => ['node_modules', 'dist'].includes(n)))
        .map((p) => readFileSync(p, 'utf8'))
        .join('\n');
      const env = Object.keys(compose.services.ingest!.environment as Json);
      expect(env.filter((name) => !code.includes(name))).toEqual([]);
    });
  });
});
