import { ConfigError } from '@faultline/platform-config';
import { PII_SETTINGS_KEYS } from '@faultline/platform-projects';
import { PII_CONFIG_KEYS } from '@faultline/scrubbing';
import { loadEnrichmentConfig } from './enrichment.config.js';

const base = { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b', S3_BUCKET: 'artifacts' };

describe('enrichment configuration', () => {
  it('has the documented defaults', () => {
    const c = loadEnrichmentConfig(base);
    expect(c).toMatchObject({
      ENRICHMENT_PORT: 8081,
      ENRICHMENT_MAP_CACHE_BYTES: 256 * 1024 * 1024,
      ENRICHMENT_CHUNK_SIZE: 8 * 1024 * 1024,
      ENRICHMENT_UPLOAD_PROBLEMS_FAIL: true,
      ENRICHMENT_PII: { default: {}, projects: {} },
      ENRICHMENT_NOT_IN_APP: [],
    });
  });

  it('reads per-project PII rules and in-app patterns', () => {
    const c = loadEnrichmentConfig({ ...base, ENRICHMENT_PII: '{"default":{"emails":false},"projects":{"web":{"extraKeys":["ssn"]}}}', ENRICHMENT_NOT_IN_APP: '/vendor/,^https://cdn\\.' });
    expect(c.ENRICHMENT_PII).toEqual({ default: { emails: false }, projects: { web: { extraKeys: ['ssn'] } } });
    expect(c.ENRICHMENT_NOT_IN_APP.map(String)).toEqual(['/\\/vendor\\//', '/^https:\\/\\/cdn\\./']);
  });

  it('refuses bad values past their bounds, listing each', () => {
    const bad = () =>
      loadEnrichmentConfig({
        ...base,
        ENRICHMENT_PII: '{"projects":{"web":{"emails":"no","email":true}}}',
        ENRICHMENT_CHUNK_SIZE: '100000',
        ENRICHMENT_MAP_CACHE_BYTES: '1000',
        ENRICHMENT_NOT_IN_APP: '(',
      });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      const text = (error as Error).message;
      expect(text).toContain('projects.web.emails must be true or false');
      expect(text).toContain('projects.web.email is not a rule');
      expect(text).toContain('ENRICHMENT_CHUNK_SIZE');
      expect(text).toContain('ENRICHMENT_MAP_CACHE_BYTES');
      expect(text).toContain('ENRICHMENT_NOT_IN_APP');
    }
    expect(() => loadEnrichmentConfig({ ...base, ENRICHMENT_PII: 'nope' })).toThrow(/ENRICHMENT_PII: is not JSON/);
  });
});

describe('projects.pii_settings', () => {
  it('accepts exactly the rule names of the scrubbing config (the store validates them without depending on it)', () => {
    expect([...PII_SETTINGS_KEYS].sort()).toEqual([...PII_CONFIG_KEYS].sort());
  });
});
