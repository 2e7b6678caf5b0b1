// The periodic retention job: every CLUSTERING_RETENTION_INTERVAL, one replica (the one that
// gets the PostgreSQL advisory lock) deletes each project's events and raw objects older
// than its retention (clustering_settings.retention_days, else CLUSTERING_RETENTION_DAYS).
import type { DataSource } from 'typeorm';
import type { ClusteringMetrics } from '../clustering-metrics.js';
import type { ProjectSettingsCache } from '../settings/project-settings.js';
import { deleteExpired, type DeletionReport, type ObjectRemover } from '../store/data-deletion.js';

/** Advisory lock key held while one replica runs the job ("fl-reten"). */
export const RETENTION_LOCK = 0x666c2d726574656en;

/** Runs retention; `runOnce` is also what tests call. */
export class RetentionJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly ds: DataSource,
    private readonly storage: ObjectRemover | undefined,
    private readonly settings: ProjectSettingsCache,
    private readonly metrics: ClusteringMetrics,
    private readonly options: { intervalMs: number; batch: number; now?: () => Date },
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.runOnce().catch(this.onError).finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every project with events; undefined when another replica holds the lock. */
  async runOnce(): Promise<Map<number, DeletionReport> | undefined> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [RETENTION_LOCK.toString()]);
      if (!locked) return undefined;
      try {
        const now = this.options.now?.() ?? new Date();
        const projects: { project_id: number }[] = await this.ds.query('SELECT DISTINCT project_id FROM groups');
        const out = new Map<number, DeletionReport>();
        for (const { project_id: projectId } of projects) {
          const days = this.settings.get(projectId).retentionDays;
          const cutoff = new Date(now.getTime() - days * 86_400_000);
          const report = await deleteExpired(this.ds, this.storage, projectId, cutoff, this.options.batch);
          this.metrics.retentionDeleted.inc({ what: 'events' }, report.events);
          this.metrics.retentionDeleted.inc({ what: 'objects' }, report.objects);
          this.metrics.retentionDeleted.inc({ what: 'groups' }, report.groups);
          out.set(projectId, report);
        }
        return out;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1::bigint)', [RETENTION_LOCK.toString()]);
      }
    } finally {
      await runner.release();
    }
  }
}
