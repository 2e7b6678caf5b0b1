// Public surface of @faultline/envelope: the pure logic of the ingest gateway (auth, envelope framing,
// event normalisation, plain-JSON reports, stack parsing, rate-limit headers, inbound filters, client reports).
export { describeJson, httpStatusOf, IngestError, type IngestErrorKind } from './errors.js';
export { parseDsn, type ParsedDsn } from './dsn.js';
export { extractAuth, MAX_PROTOCOL_VERSION, type AuthInput, type SentryAuth } from './auth.js';
export { parseEnvelope, readEnvelopeHeader, type EnvelopeHeader, type EnvelopeItem, type EnvelopeLimits, type ParsedEnvelope } from './envelope-parser.js';
export { itemCategory, KNOWN_ITEM_TYPES } from './item-types.js';
export { parseJsonPayload } from './json-payload.js';
export { normalizeEvent, normalizeEventId, type NormalizedEvent, type NormalizeOptions, type SentryEventInit } from './event-normalizer.js';
export { parseStack, type ParsedFrame } from './stack-parser.js';
export { reportToEvent } from './report.js';
export { formatRateLimits, retryAfterOf, type RateLimitEntry } from './rate-limit-header.js';
export { countSessions, parseClientReport, type ClientReport } from './client-report.js';
export { applyInboundFilters, INBOUND_FILTER_REASONS, LEGACY_BROWSER_DEFAULTS, type FilterContext, type InboundFilterName, type InboundFilterSettings } from './inbound-filters.js';
export { browserOf, type BrowserVersion } from './user-agent-family.js';
