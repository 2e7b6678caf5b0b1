// Public surface of @faultline/scrubbing: the pure, I/O-free parts of enrichment besides source
// maps — User-Agent parsing into contexts, page URL normalisation, and PII scrubbing (issue 4).
export { parseUserAgent, userAgentContexts, type UserAgentInfo } from './user-agent.js';
export { FILTERED, normalizeSegment, normalizeUrl, SECRET_QUERY_KEYS, stripQuerySecrets, stripUrlSecrets, type NormalizedPageUrl } from './url-normalizer.js';
export { DEFAULT_PII_CONFIG, PII_CONFIG_KEYS, piiConfig, type PiiConfig } from './pii-config.js';
export { luhn, maskEmail, scrubEvent, type PiiChange, type PiiMethodName, type ScrubOptions, type ScrubResult } from './pii-scrubber.js';
