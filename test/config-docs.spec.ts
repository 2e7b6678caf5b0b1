// docs/CONFIG-REFERENCE.md is generated from the configuration schemas (npm run gen:config-docs):
// this fails when a variable, default or description changed without regenerating it, and
// checks that the generator really reads the schemas (every key of every schema is listed).
import { readFileSync } from 'node:fs';

import { CONFIG_REFERENCE_PATH, CONFIG_SOURCES, documentSource, loadSchemaKeys, renderConfigReference } from '../scripts/config-reference.js';

describe('docs/CONFIG-REFERENCE.md', () => {
  it('is up to date with the configuration schemas (run `npm run gen:config-docs`)', async () => {
    const expected = await renderConfigReference();
    const actual = readFileSync(CONFIG_REFERENCE_PATH, 'utf8');
    // A readable first difference rather than two 200-line strings.
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = e.findIndex((l, i) => l !== a[i]);
    expect(line === -1 && a.length === e.length ? 'up to date' : `stale from line ${line + 1}: expected ${JSON.stringify(e[line])}, found ${JSON.stringify(a[line])}`).toBe('up to date');
  });

  it('lists every variable of every schema, with the defaults the schemas apply', async () => {
    const keys = await loadSchemaKeys();
    const text = readFileSync(CONFIG_REFERENCE_PATH, 'utf8');
    for (const [service, names] of keys) {
      expect({ service, count: names.length > 0 }).toEqual({ service, count: true });
      for (const name of names) expect(text).toContain(`| \`${name}\` |`);
    }
    const ingest = await documentSource(CONFIG_SOURCES.find((s) => s.name === 'ingest')!);
    expect(ingest.find((v) => v.name === 'INGEST_PORT')).toMatchObject({ default: '`8080`', shared: false });
    expect(ingest.find((v) => v.name === 'INGEST_MAX_EVENT_BYTES')).toMatchObject({ default: '`1048576`', type: 'integer 1 KiB … 100 MiB (bytes)' });
    expect(ingest.find((v) => v.name === 'INGEST_TRUST_PROXY')?.description).toMatch(/X-Forwarded-For/);
    expect(ingest.find((v) => v.name === 'DATABASE_URL')).toMatchObject({ shared: true, type: 'URL (postgres:// or postgresql://)' });
    const router = await documentSource(CONFIG_SOURCES.find((s) => s.name === 'alert-router')!);
    expect(router.find((v) => v.name === 'ALERTING_CONFIG')).toMatchObject({ default: '*(unset)*' });
  });
});
