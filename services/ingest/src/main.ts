// Entry point of the ingest gateway: `node services/ingest/dist/main.js`.
import 'reflect-metadata';
import { bootstrapConfigOrExit } from '@faultline/platform-config';
import { createIngestApp } from './create-ingest-app.js';
import { ingestConfigSchema } from './ingest.config.js';

const config = bootstrapConfigOrExit(ingestConfigSchema);
const app = await createIngestApp(config);
await app.listen(config.INGEST_PORT, config.INGEST_HOST);
