// `faultline project settings|set` against a real schema: every setting lands where the service
// reading it looks (projects for ingest, projects.pii_settings for enrichment, clustering_settings
// for clustering, read back through the clustering service's own settings cache), JSON objects
// merge, and refused values change nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '@faultline/platform-persistence';

import { runFaultline, useCliSchema } from '../test/run-faultline.js';

describe('faultline project settings|set (real process, real PostgreSQL)', { timeout: 180_000 }, () => {
  const suite = useCliSchema();
  const run = (...args: string[]) => runFaultline(args, suite.env);
  const settingsJson = async (slug: string) => {
    const shown = await run('project', 'settings', slug, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    return JSON.parse(shown.stdout) as { project: Record<string, unknown>; clustering: Record<string, unknown> };
  };

  it('sets project, PII and grouping settings; the clustering service reads its part', async () => {
    expect((await run('project', 'create', 'web')).code).toBe(0);
    const defaults = await run('project', 'settings', 'web');
    expect(defaults.code, defaults.stderr).toBe(0);
    expect(defaults.stdout).toContain('allowed origins:        *');
    expect(defaults.stdout).toContain('PII overrides:          none (ENRICHMENT_PII and the defaults apply)');
    expect(defaults.stdout).toContain('similarity:             default (CLUSTERING_SIMILARITY_ENABLED)');

    const rules = join(mkdtempSync(join(tmpdir(), 'faultline-rules-')), 'grouping.rules');
    writeFileSync(rules, '# checkout\nerror.type:TypeError error.value:"*undefined*" -> checkout-type-errors title="Checkout TypeErrors"\n');
    const set = await run(
      'project', 'set', 'web',
      '--allowed-origin', 'https://shop.example.com', '--allowed-origin', 'https://www.example.com',
      '--store-ip', 'on', '--rate-limit-per-minute', '600', '--github-repo', 'acme/web',
      '--inbound-filters', '{"localhost": true, "errorMessages": ["*ResizeObserver loop*"]}',
      '--pii', '{"emails": false, "extraKeys": ["customer_ref"]}',
      '--fingerprint-rules', rules, '--similarity', 'off', '--similarity-threshold', '0.8', '--regression', 'any', '--retention-days', '30',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.lines[0]).toMatch(/^Updated project web \(id \d+\)\.$/);
    expect(set.stdout).toContain('fingerprint rules:      1 rule(s)');
    expect(set.stdout).toContain('    error.type:TypeError error.value:"*undefined*" -> checkout-type-errors title="Checkout TypeErrors"');

    const after = await settingsJson('web');
    expect(after.project).toMatchObject({
      allowedOrigins: ['https://shop.example.com', 'https://www.example.com'],
      storeIp: true,
      rateLimitPerMinute: 600,
      githubRepo: 'acme/web',
      inboundFilters: { localhost: true, errorMessages: ['*ResizeObserver loop*'] },
      piiSettings: { emails: false, extraKeys: ['customer_ref'] },
    });
    expect(after.clustering).toMatchObject({ groupingConfig: null, similarity: false, similarityThreshold: 0.8, regression: 'any', retentionDays: 30 });

    // What the clustering service makes of the row it finds.
    // eslint-disable-next-line @nx/enforce-module-boundaries -- the test reads back through the clustering service's own settings cache
    const { ProjectSettingsCache } = await import('@faultline/clustering/store');
    const ds = createDataSource({ url: suite.env.DATABASE_URL, schema: suite.env.DATABASE_SCHEMA, entities: [], migrations: [] });
    await ds.initialize();
    try {
      const cache = new ProjectSettingsCache(ds, { similarity: true, similarityThreshold: 0.9, regression: 'release', retentionDays: 90 }, 60_000);
      await cache.refresh();
      const effective = cache.get(Number(after.project.id));
      expect(effective).toMatchObject({ similarity: false, similarityThreshold: expect.closeTo(0.8, 5), regression: 'any', retentionDays: 30 });
      expect(effective.rules.map((r) => r.fingerprint)).toEqual([['checkout-type-errors']]);
    } finally {
      await ds.destroy();
    }

    // JSON flags merge (null removes a key); "default" and "none" return to the service defaults.
    const merged = await run('project', 'set', '1', '--inbound-filters', '{"localhost": null, "webCrawlers": true}', '--pii', '{"emails": null, "creditCards": false}',
      '--similarity', 'default', '--retention-days', 'default', '--fingerprint-rules', 'none', '--rate-limit-per-minute', 'none', '--json');
    expect(merged.code, merged.stderr).toBe(0);
    const m = JSON.parse(merged.stdout) as { project: Record<string, unknown>; clustering: Record<string, unknown> };
    expect(m.project).toMatchObject({ inboundFilters: { errorMessages: ['*ResizeObserver loop*'], webCrawlers: true }, piiSettings: { extraKeys: ['customer_ref'], creditCards: false }, rateLimitPerMinute: null });
    expect(m.clustering).toMatchObject({ fingerprintRules: '', similarity: null, similarityThreshold: 0.8, retentionDays: null });
    const reset = await run('project', 'set', 'web', '--reset-pii', '--reset-inbound-filters', '--json');
    expect(JSON.parse(reset.stdout).project).toMatchObject({ inboundFilters: {}, piiSettings: {} });
  });

  it('refuses bad values with a clear reason and changes nothing', async () => {
    expect((await run('project', 'create', 'web')).code).toBe(0);
    const before = await settingsJson('web');
    const badRules = join(mkdtempSync(join(tmpdir(), 'faultline-rules-')), 'bad.rules');
    writeFileSync(badRules, 'error.type:TypeError checkout\n');
    const cases: [string[], number, RegExp][] = [
      [['--pii', '{"passwords": false}'], 1, /invalid PII settings: .*passwords.*\(known: enabled, sensitiveKeys/],
      [['--pii', '{"emails": "no"}', '--store-ip', 'on'], 1, /invalid PII settings at emails/],
      [['--inbound-filters', '{"sampleRate": 2}'], 1, /invalid inbound filters at sampleRate/],
      [['--inbound-filters', '[1]'], 2, /--inbound-filters must be a JSON object/],
      [['--pii', '{emails: false}'], 2, /--pii is not JSON/],
      [['--allowed-origin', 'shop.example.com'], 1, /origin/],
      [['--fingerprint-rules', badRules], 1, /--fingerprint-rules .*bad\.rules: .*line 1/],
      [['--fingerprint-rules', '/nonexistent/x.rules'], 1, /cannot read --fingerprint-rules/],
      [['--similarity', 'maybe'], 2, /--similarity must be on, off or default/],
      [['--similarity-threshold', '1.5'], 2, /--similarity-threshold must be a number in \(0, 1\]/],
      [['--regression', 'never'], 2, /--regression must be release, any or default/],
      [['--retention-days', '0'], 2, /--retention-days must be a positive whole number/],
      [['--store-ip', 'yes'], 2, /--store-ip must be on or off/],
      [['--grouping-config', 'js:1999-01-01'], 2, /--grouping-config/],
      [[], 2, /nothing to change/],
    ];
    for (const [flags, code, message] of cases) {
      const r = await run('project', 'set', 'web', ...flags);
      expect({ flags, code: r.code, stderr: r.stderr }).toEqual({ flags, code, stderr: expect.stringMatching(message) });
    }
    expect(await settingsJson('web')).toEqual(before);
    const missing = await run('project', 'settings', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('project "nope" does not exist');
  });
});
