// Checks of what callers pass in, mirrored by CHECK constraints in the migration. They
// run before any query so that the CLI can say precisely what is wrong.
import { z } from 'zod';

import { InvalidInputError } from './errors.js';

// Lower-case letters, digits and dashes, not all digits: `getProject('42')` and the CLI
// must never confuse a slug with a project id.
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const GITHUB_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Shape of `projects.inbound_filters`; each key is optional and unknown keys are refused. */
export const inboundFiltersSchema = z.strictObject({
  browserExtensions: z.boolean().optional(),
  localhost: z.boolean().optional(),
  legacyBrowsers: z.boolean().optional(),
  webCrawlers: z.boolean().optional(),
  errorMessages: z.array(z.string()).optional(),
  releases: z.array(z.string()).optional(),
  sampleRate: z.number().min(0).max(1).optional(),
});

/** The inbound filters of a project, as ingest evaluates them before publishing. */
export type InboundFilters = z.infer<typeof inboundFiltersSchema>;

/**
 * Shape of `projects.pii_settings`: overrides of the PII scrubbing rules for one project (the
 * `PiiConfig` of @faultline/scrubbing, which enrichment checks these keys against); each key is
 * optional and unknown keys are refused.
 */
export const piiSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  sensitiveKeys: z.boolean().optional(),
  creditCards: z.boolean().optional(),
  emails: z.boolean().optional(),
  ipAddresses: z.boolean().optional(),
  bearerTokens: z.boolean().optional(),
  extraKeys: z.array(z.string().min(1)).optional(),
  safeKeys: z.array(z.string().min(1)).optional(),
});

/** A project's PII scrubbing overrides, as enrichment applies them over the deployment's. */
export type PiiSettings = z.infer<typeof piiSettingsSchema>;

/** The keys `projects.pii_settings` may hold. */
export const PII_SETTINGS_KEYS = Object.keys(piiSettingsSchema.shape) as (keyof PiiSettings)[];

/** Throws InvalidInputError unless `slug` is a valid project slug. */
export function assertSlug(slug: string): void {
  if (!SLUG.test(slug) || /^[0-9]+$/.test(slug)) {
    throw new InvalidInputError(
      `invalid project slug "${slug}": use 1 to 64 lower-case letters, digits and "-", starting with a letter or digit, not only digits`,
    );
  }
}

/** Throws InvalidInputError unless `repo` looks like `owner/name`. */
export function assertGithubRepo(repo: string): void {
  if (!GITHUB_REPO.test(repo)) throw new InvalidInputError(`invalid GitHub repository "${repo}": expected owner/name`);
}

/** Throws InvalidInputError unless `value` is null, undefined or a positive whole number. */
export function assertLimit(name: string, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidInputError(`${name} must be a positive whole number, got ${value}`);
}

/** Throws InvalidInputError unless every origin is `*` or an origin like `https://app.example.com`. */
export function assertOrigins(origins: readonly string[]): void {
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // Patterns such as https://*.example.com are kept as written for ingest to match.
    const wildcard = /^https?:\/\/\*\.[A-Za-z0-9.-]+(:\d+)?$/.test(origin);
    if (!wildcard && (parsed === undefined || parsed.origin !== origin)) {
      throw new InvalidInputError(`invalid origin "${origin}": expected "*" or scheme://host[:port]`);
    }
  }
}

/** Returns the filters validated, or throws InvalidInputError naming the bad key. */
export function parseInboundFilters(value: unknown): InboundFilters {
  const result = inboundFiltersSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new InvalidInputError(`invalid inbound filters${where}: ${issue.message}`);
}

/** Checks PII overrides; throws InvalidInputError naming the first problem. */
export function parsePiiSettings(value: unknown): PiiSettings {
  const result = piiSettingsSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  const known = issue.code === 'unrecognized_keys' ? ` (known: ${PII_SETTINGS_KEYS.join(', ')})` : '';
  throw new InvalidInputError(`invalid PII settings${where}: ${issue.message}${known}`);
}
