// Public surface of @faultline/enrichment, for its tests, the bench and the CLI's migration set.
export { createEnrichmentApp, startEnrichmentApp } from './create-enrichment-app.js';
export { enrichmentConfigSchema, loadEnrichmentConfig, parsePiiSettings, type EnrichmentConfig, type PiiSettings } from './enrichment.config.js';

export { readBundle, BundleError, type Bundle, type BundleFile } from './artifacts/bundle-reader.js';
export { ENRICHMENT_MIGRATIONS } from './artifacts/migrations.js';
export { StoredArtifactSource } from './artifacts/stored-artifact-source.js';
export { Enricher, type EnricherOptions, type EnrichOutput } from './pipeline/enricher.js';
export { UPLOAD_SCOPES } from './upload/upload-routes.js';
