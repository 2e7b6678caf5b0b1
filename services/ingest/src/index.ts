// Public surface of the ingest service (used by its tests and the local stack launcher).
export { createIngestApp } from './create-ingest-app.js';
export { ingestConfigSchema, loadIngestConfig, type IngestConfig } from './ingest.config.js';
