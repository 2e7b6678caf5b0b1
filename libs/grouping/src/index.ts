// Public surface of @faultline/grouping: pure grouping logic (fingerprints, rules, similarity).
export { component, contributingValues, formatTree, ignore, type GroupingComponent } from './component.js';
export { FALLBACK_HASH, hashComponent } from './hash.js';
export { CURRENT_CONFIG, GROUPING_CONFIGS, getConfig, type GroupingConfig } from './config.js';
export { buildTree, defaultTree, fingerprintEvent, unscopedNamesOf, withUnscopedNames, type FingerprintOptions, type FingerprintResult, type GroupingHash } from './fingerprint.js';
export { FingerprintCache, type CachedFingerprint, type FingerprintCacheOptions, type FingerprintSummary } from './fingerprint-cache.js';
export { explain } from './explain.js';
export { eventCulprit, eventTitle } from './title.js';
export { expandVariables, isDefaultVariable } from './variables.js';
export { normalizeFilename, isNativeFile } from './normalize/filename.js';
export { normalizeFunction } from './normalize/function.js';
export { parameterize, type ParameterizeOptions, type Parameterized } from './normalize/parameterize.js';
export { parseRules, RuleParseError, MATCHER_KEYS, type FingerprintRule, type RuleMatcher } from './rules/parse.js';
export { findMatchingRule } from './rules/match.js';
export { DEFAULT_MINHASH, estimateSimilarity, eventSignature, frameTokens, minhash, shingles, type MinHashOptions } from './similarity/minhash.js';
export { DEFAULT_SIMILARITY_THRESHOLD, SimilarityIndex, SimilarityIndexes, type SimilarityIndexOptions, type SimilarityMatch } from './similarity/index-store.js';
export { regroup, type RegroupChange, type RegroupReport } from './regroup.js';
