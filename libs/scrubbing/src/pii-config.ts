// Which PII rules run for a project. Everything is on by default (issue 4: "PII scrubbing on by
// default"); a project turns single rules off, or adds key names of its own.

/** The scrubbing rules of one project. */
export interface PiiConfig {
  /** Master switch: false leaves the event untouched. */
  enabled: boolean;
  /** Values of keys that look like password, secret, token, api_key, auth, credentials, cookie, authorization, session (`@password`). */
  sensitiveKeys: boolean;
  /** Card numbers (13–19 digits passing the Luhn check) in any string (`@creditcard`). */
  creditCards: boolean;
  /** E-mail addresses in messages, exception values, breadcrumbs and extra data, masked (`@email`). */
  emails: boolean;
  /** `user.ip_address`, `REMOTE_ADDR` and forwarding headers, unless the project stores IPs (`@ip`). */
  ipAddresses: boolean;
  /** `Bearer …` values anywhere, and secrets in URLs: credentials and secret query parameters (`@bearer`, `@urlsecret`). */
  bearerTokens: boolean;
  /** More key names (case-insensitive substrings) treated as sensitive. */
  extraKeys: string[];
  /** Key names (exact, case-insensitive) never treated as sensitive. */
  safeKeys: string[];
}

/** Every rule on, no extra keys. */
export const DEFAULT_PII_CONFIG: Readonly<PiiConfig> = Object.freeze({
  enabled: true,
  sensitiveKeys: true,
  creditCards: true,
  emails: true,
  ipAddresses: true,
  bearerTokens: true,
  extraKeys: [],
  safeKeys: [],
});

/** The rule names a config object may set, for validating configuration files. */
export const PII_CONFIG_KEYS = Object.keys(DEFAULT_PII_CONFIG) as (keyof PiiConfig)[];

/** `DEFAULT_PII_CONFIG` overridden by `partial`. */
export function piiConfig(partial: Partial<PiiConfig> = {}): PiiConfig {
  return { ...DEFAULT_PII_CONFIG, ...partial, extraKeys: [...(partial.extraKeys ?? [])], safeKeys: [...(partial.safeKeys ?? [])] };
}
