// Entry point of the clustering service: `node services/clustering/dist/main.js`.
import 'reflect-metadata';
import { bootstrapConfigOrExit } from '@faultline/platform-config';
import { clusteringConfigSchema } from './clustering.config.js';
import { createClusteringApp, startClusteringApp } from './create-clustering-app.js';

const config = bootstrapConfigOrExit(clusteringConfigSchema);
const app = await createClusteringApp(config);
await startClusteringApp(app, config.CLUSTERING_PORT, config.CLUSTERING_HOST);
