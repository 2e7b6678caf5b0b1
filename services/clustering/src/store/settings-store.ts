// Reading and writing one project's row of `clustering_settings` (the CLI's `project settings|set`
// and `grouping explain|test-rules`); the service reads every row through ProjectSettingsCache.
import type { DataSource, EntityManager } from 'typeorm';

/** A row of `clustering_settings`; null columns take the service's defaults. */
export interface ClusteringSettingsRow {
  fingerprint_rules: string;
  grouping_config: string | null;
  similarity_enabled: boolean | null;
  similarity_threshold: number | null;
  regression: 'release' | 'any' | null;
  retention_days: number | null;
}

/** What a project without a row has: every setting at the service default. */
export const DEFAULT_SETTINGS_ROW: Readonly<ClusteringSettingsRow> = Object.freeze({
  fingerprint_rules: '',
  grouping_config: null,
  similarity_enabled: null,
  similarity_threshold: null,
  regression: null,
  retention_days: null,
});

const COLUMNS: readonly (keyof ClusteringSettingsRow)[] = Object.keys(DEFAULT_SETTINGS_ROW) as (keyof ClusteringSettingsRow)[];

/** The project's row, or the defaults when it has none. */
export async function getSettingsRow(db: DataSource | EntityManager, projectId: number): Promise<ClusteringSettingsRow> {
  const rows = (await db.query(`SELECT ${COLUMNS.join(', ')} FROM clustering_settings WHERE project_id = $1`, [projectId])) as ClusteringSettingsRow[];
  return rows[0] ?? { ...DEFAULT_SETTINGS_ROW };
}

/** Writes the given columns of the project's row (creating it); the others keep their values. */
export async function setSettings(db: DataSource | EntityManager, projectId: number, patch: Partial<ClusteringSettingsRow>): Promise<void> {
  const columns = COLUMNS.filter((c) => c in patch);
  if (columns.length === 0) return;
  await db.query(
    `INSERT INTO clustering_settings (project_id, ${columns.join(', ')}) VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})
     ON CONFLICT (project_id) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    [projectId, ...columns.map((c) => patch[c])],
  );
}
