// Everything the enrichment service can be configured with, validated once at start.
import { databaseEnv, envBoolean, envDuration, envInt, envValue, httpEnv, loadConfig, loggingEnv, natsEnv, parsed, rejected, storageEnv, type Env } from '@faultline/platform-config';
import { messagingEnv } from '@faultline/platform-messaging';
import { PII_CONFIG_KEYS, type PiiConfig } from '@faultline/scrubbing';
import { z } from 'zod';

const MiB = 1024 * 1024;

/** `ENRICHMENT_PII`: the default rules plus per-project overrides (by project id or slug). */
export interface PiiSettings {
  default: Partial<PiiConfig>;
  projects: Record<string, Partial<PiiConfig>>;
}

/** Parses and checks the `ENRICHMENT_PII` JSON: unknown rule names and wrong types are errors. */
export function parsePiiSettings(raw: string) {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return rejected<PiiSettings>(`is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return rejected<PiiSettings>('must be a JSON object {"default": {…}, "projects": {"<id or slug>": {…}}}');
  const { default: base = {}, projects = {}, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return rejected<PiiSettings>(`unknown key(s) ${Object.keys(rest).join(', ')}; expected "default" and "projects"`);
  const problems: string[] = [];
  const check = (where: string, rules: unknown): Partial<PiiConfig> => {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
      problems.push(`${where} must be an object`);
      return {};
    }
    for (const [key, v] of Object.entries(rules)) {
      if (!(PII_CONFIG_KEYS as string[]).includes(key)) problems.push(`${where}.${key} is not a rule (known: ${PII_CONFIG_KEYS.join(', ')})`);
      else if (key === 'extraKeys' || key === 'safeKeys') {
        if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) problems.push(`${where}.${key} must be a list of strings`);
      } else if (typeof v !== 'boolean') problems.push(`${where}.${key} must be true or false`);
    }
    return rules as Partial<PiiConfig>;
  };
  const settings: PiiSettings = { default: check('default', base), projects: {} };
  if (typeof projects !== 'object' || projects === null || Array.isArray(projects)) problems.push('projects must be an object');
  else for (const [project, rules] of Object.entries(projects)) settings.projects[project] = check(`projects.${project}`, rules);
  return problems.length > 0 ? rejected<PiiSettings>(problems.join('; ')) : parsed(settings);
}

const regexList = envValue((raw) => {
  const out: RegExp[] = [];
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      out.push(new RegExp(part));
    } catch (error) {
      return rejected<RegExp[]>(`"${part}" is not a regular expression: ${(error as Error).message}`);
    }
  }
  return parsed(out);
}, '');

/** The enrichment service's environment variables (documented in docs/CONFIGURATION.md and docs/ENRICHMENT.md). */
export const enrichmentConfigSchema = z.object({
  ...natsEnv.shape,
  ...databaseEnv.shape,
  ...storageEnv.shape,
  ...loggingEnv.shape,
  ...messagingEnv.shape,
  ...httpEnv('ENRICHMENT_PORT', 8081).shape,
  ENRICHMENT_HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL of this service, for the chunk-upload URL given to sentry-cli (default: from the request). */
  ENRICHMENT_PUBLIC_URL: z.string().url().optional(),
  /** Memory budget of decoded source maps (LRU). */
  ENRICHMENT_MAP_CACHE_BYTES: envInt({ min: MiB, max: 64 * 1024 * MiB, default: 256 * MiB }),
  /** Largest source map that is parsed at all; larger ones are reported as sourcemap_too_large. */
  ENRICHMENT_MAX_MAP_BYTES: envInt({ min: 1_024, max: 4 * 1024 * MiB, default: 64 * MiB }),
  /** How long a lookup in the artifact index (hit or miss) is reused before asking PostgreSQL again. */
  ENRICHMENT_ARTIFACT_INDEX_TTL: envDuration({ min: 0, max: '1h', default: '10s' }),
  /** Extra regular expressions (comma-separated) of frames that are not application code. */
  ENRICHMENT_NOT_IN_APP: regexList,
  /** PII scrubbing rules as JSON: {"default": {...}, "projects": {"<id or slug>": {...}}}; all rules on when unset. */
  ENRICHMENT_PII: envValue(parsePiiSettings, '{}'),
  /** Chunk size told to sentry-cli (a power of two). */
  ENRICHMENT_CHUNK_SIZE: envInt({ min: 64 * 1024, max: 64 * MiB, default: 8 * MiB }).refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
  /** Largest chunk-upload or release-file request body. */
  ENRICHMENT_MAX_UPLOAD_BYTES: envInt({ min: 1_024, max: 1_024 * MiB, default: 32 * MiB }),
  /** Largest assembled artifact bundle, and largest single file in it. */
  ENRICHMENT_MAX_BUNDLE_BYTES: envInt({ min: 1_024, max: 8 * 1024 * MiB, default: 512 * MiB }),
  /** Answer the assemble call with state "error" (sentry-cli fails) when an upload has problems; otherwise "ok" with the problems in `detail`. */
  ENRICHMENT_UPLOAD_PROBLEMS_FAIL: envBoolean({ default: true }),
  /** Uploaded chunks older than this are deleted from object storage (assembled files are stored on their own); 0 keeps them. */
  ENRICHMENT_CHUNK_TTL: envDuration({ min: 0, max: '30d', default: '24h' }),
  /** How often this replica looks for expired chunks. */
  ENRICHMENT_CHUNK_SWEEP_INTERVAL: envDuration({ min: '1s', max: '1d', default: '1h' }),
  /** How often project settings (store_ip, slug, PII overrides) are re-read from PostgreSQL. */
  ENRICHMENT_PROJECT_CACHE_TTL: envDuration({ min: 0, max: '1h', default: '30s' }),
});

/** The validated enrichment configuration. */
export type EnrichmentConfig = z.output<typeof enrichmentConfigSchema>;

/** Parses the configuration from `env`; throws ConfigError listing every bad variable. */
export function loadEnrichmentConfig(env: Env = process.env): EnrichmentConfig {
  return loadConfig(enrichmentConfigSchema, env);
}
