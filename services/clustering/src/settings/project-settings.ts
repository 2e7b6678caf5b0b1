// Per-project clustering settings (`clustering_settings`), read in the background so the hot
// path never queries them: fingerprint rules, grouping config, similarity switch and
// threshold, regression rule and retention. A project without a row uses the defaults.
import { CURRENT_CONFIG, getConfig, parseRules, type FingerprintRule } from '@faultline/grouping';
import type { DataSource } from 'typeorm';
import type { RegressionMode } from '../pipeline/release-order.js';

/** The effective settings of one project. */
export interface ProjectSettings {
  groupingConfig: string;
  rules: readonly FingerprintRule[];
  similarity: boolean;
  similarityThreshold: number;
  regression: RegressionMode;
  retentionDays: number;
}

/** Service-wide defaults (from configuration). */
export interface SettingsDefaults {
  similarity: boolean;
  similarityThreshold: number;
  regression: RegressionMode;
  retentionDays: number;
}

interface Row {
  project_id: number;
  retention_days: number | null;
  similarity_enabled: boolean | null;
  similarity_threshold: number | null;
  fingerprint_rules: string;
  grouping_config: string | null;
  regression: RegressionMode | null;
}

/** A snapshot of every project's settings, refreshed every `refreshMs`. */
export class ProjectSettingsCache {
  private byProject = new Map<number, ProjectSettings>();
  private timer?: NodeJS.Timeout;
  private readonly defaultSettings: ProjectSettings;

  constructor(
    private readonly ds: DataSource,
    private readonly defaults: SettingsDefaults,
    private readonly refreshMs: number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.defaultSettings = { groupingConfig: CURRENT_CONFIG, rules: [], ...defaults };
  }

  /** Loads once, then keeps refreshing. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(this.onError), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The settings of one project (defaults when it has no row). */
  get(projectId: number): ProjectSettings {
    return this.byProject.get(projectId) ?? this.defaultSettings;
  }

  /** Every project with its own row, and the defaults for the others. */
  all(): { projects: Map<number, ProjectSettings>; defaults: ProjectSettings } {
    return { projects: this.byProject, defaults: this.defaultSettings };
  }

  /** Re-reads the table. A project whose rules or config do not parse keeps the defaults, and the error is reported. */
  async refresh(): Promise<void> {
    const rows: Row[] = await this.ds.query('SELECT * FROM clustering_settings');
    const next = new Map<number, ProjectSettings>();
    for (const row of rows) {
      try {
        next.set(row.project_id, toSettings(row, this.defaults));
      } catch (error) {
        this.onError(new Error(`clustering_settings of project ${row.project_id} ignored: ${(error as Error).message}`));
      }
    }
    this.byProject = next;
  }
}

/** Converts one row, validating its rules and config. */
export function toSettings(row: Row, defaults: SettingsDefaults): ProjectSettings {
  const groupingConfig = row.grouping_config ?? CURRENT_CONFIG;
  getConfig(groupingConfig);
  return {
    groupingConfig,
    rules: parseRules(row.fingerprint_rules ?? ''),
    similarity: row.similarity_enabled ?? defaults.similarity,
    similarityThreshold: row.similarity_threshold ?? defaults.similarityThreshold,
    regression: row.regression ?? defaults.regression,
    retentionDays: row.retention_days ?? defaults.retentionDays,
  };
}
