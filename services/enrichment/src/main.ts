// Entry point of the enrichment service: `node services/enrichment/dist/main.js`.
import 'reflect-metadata';
import { bootstrapConfigOrExit } from '@faultline/platform-config';
import { createEnrichmentApp, startEnrichmentApp } from './create-enrichment-app.js';
import { enrichmentConfigSchema } from './enrichment.config.js';

const config = bootstrapConfigOrExit(enrichmentConfigSchema);
const app = await createEnrichmentApp(config);
await startEnrichmentApp(app, config.ENRICHMENT_PORT, config.ENRICHMENT_HOST);
