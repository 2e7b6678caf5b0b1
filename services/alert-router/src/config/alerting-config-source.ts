// Loads the alerting file (ALERTING_CONFIG, or the built-in default) and reloads it when the file
// changes or the process gets SIGHUP — but applies a reload only when the new file validates, and
// reports every attempt in faultline_config_last_reload_successful, as Alertmanager does.
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { type AlertingConfig, DEFAULT_ALERTING_CONFIG, parseAlertingConfig } from '@faultline/alert-rules';
import { type RouterMetrics } from '../core/router-metrics.js';

/** The loaded file and where it came from. */
export interface LoadedConfig {
  readonly config: AlertingConfig;
  /** The file's text (shown by GET /api/v2/status). */
  readonly text: string;
  /** The file path, or `default`. */
  readonly source: string;
}

/** Reads and validates the configuration; throws ConfigError (or a read error). */
export function loadAlertingConfig(path: string | undefined): LoadedConfig {
  if (!path) return { config: parseAlertingConfig(DEFAULT_ALERTING_CONFIG), text: DEFAULT_ALERTING_CONFIG, source: 'default' };
  const text = readFileSync(path, 'utf8');
  return { config: parseAlertingConfig(text), text, source: path };
}

/** Watches the file and SIGHUP; calls `apply` with each valid new configuration. */
export class AlertingConfigSource {
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;
  private readonly onHup = () => this.reload('SIGHUP');
  current: LoadedConfig;

  constructor(
    private readonly path: string | undefined,
    initial: LoadedConfig,
    private readonly metrics: RouterMetrics,
    private readonly apply: (loaded: LoadedConfig) => void,
    private readonly log: { info(m: string): void; error(m: string): void },
  ) {
    this.current = initial;
    metrics.reloadSuccessful.set(1);
    metrics.reloadTimestamp.set(Date.now() / 1000);
  }

  /** Starts watching (the directory, so editors that replace the file are seen too). */
  start(): void {
    process.on('SIGHUP', this.onHup);
    if (!this.path) return;
    // Any change in the directory counts: Kubernetes ConfigMaps swap a `..data` symlink rather
    // than writing the file, and an unchanged text is not re-applied anyway.
    this.watcher = watch(dirname(this.path), () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => this.reload('file change'), 100);
    });
  }

  /** Stops watching. */
  stop(): void {
    process.off('SIGHUP', this.onHup);
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  /** Reloads now; returns whether the new file was applied. Unchanged text counts as a success without re-applying. */
  reload(reason: string): boolean {
    let loaded: LoadedConfig;
    try {
      loaded = loadAlertingConfig(this.path);
    } catch (e) {
      this.metrics.reloadSuccessful.set(0);
      this.log.error(`configuration reload (${reason}) failed, keeping the previous configuration:\n${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    this.metrics.reloadSuccessful.set(1);
    this.metrics.reloadTimestamp.set(Date.now() / 1000);
    if (loaded.text === this.current.text) return true;
    this.current = loaded;
    this.apply(loaded);
    this.log.info(`configuration reloaded (${reason}) from ${loaded.source}`);
    return true;
  }
}
