// Entry point of the alert router: `node services/alert-router/dist/main.js`.
import 'reflect-metadata';
import { EX_CONFIG, bootstrapConfigOrExit } from '@faultline/platform-config';
import { alertRouterConfigSchema } from './alert-router.config.js';
import { loadAlertingConfig, type LoadedConfig } from './config/alerting-config-source.js';
import { createAlertRouterApp } from './create-alert-router-app.js';

const config = bootstrapConfigOrExit(alertRouterConfigSchema);
let loaded: LoadedConfig;
try {
  loaded = loadAlertingConfig(config.ALERTING_CONFIG);
} catch (e) {
  process.stderr.write(`ALERTING_CONFIG ${config.ALERTING_CONFIG}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(EX_CONFIG);
}
const { start } = await createAlertRouterApp(config, loaded);
await start();
