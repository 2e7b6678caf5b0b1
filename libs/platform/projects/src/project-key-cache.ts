// The ingest hot path authenticates from memory: this cache holds every project and
// key, refreshed in the background, so a request never waits on PostgreSQL and a
// database outage leaves ingest answering from the last good snapshot.
import { Registry } from 'prom-client';

import { cacheMetrics, type CacheMetrics } from './cache-metrics.js';
import type { ProjectsSnapshot } from './projects-store.js';
import type { ProjectKeyRecord, ProjectRecord } from './records.js';

/** Why a known key may not be used; `active` when it may. Checked in this order. */
export type KeyStatus = 'active' | 'key_revoked' | 'key_disabled' | 'project_disabled';

/** What `lookup` returns for a known key: ingest answers 403 unless the status is `active`. */
export interface KeyLookup {
  key: ProjectKeyRecord;
  project: ProjectRecord;
  status: KeyStatus;
}

/** Settings of the cache. */
export interface ProjectKeyCacheOptions {
  /** Delay between the end of one refresh and the start of the next (default 2000 ms). */
  refreshMs?: number;
  /** Where the cache metrics go; a private registry when absent. */
  registry?: Registry;
  /** Called with the error of each failed background refresh (e.g. to log it). */
  onRefreshError?: (error: unknown) => void;
}

/** The source of snapshots: a ProjectsStore, or a stand-in in tests. */
export interface SnapshotSource {
  loadSnapshot(): Promise<ProjectsSnapshot>;
}

type LoadResult = { ok: true } | { ok: false; error: unknown };

interface Indexed {
  byKey: Map<string, KeyLookup>;
  projects: Map<number, ProjectRecord>;
}

/** In-memory, background-refreshed view of projects and keys for ingest. */
export class ProjectKeyCache {
  private readonly refreshMs: number;
  private readonly metrics: CacheMetrics;
  private readonly onRefreshError: (error: unknown) => void;
  private indexed: Indexed = { byKey: new Map(), projects: new Map() };
  private refreshedAt: Date | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<LoadResult> | undefined;
  private stopped = true;

  constructor(
    private readonly source: SnapshotSource,
    options: ProjectKeyCacheOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 2000;
    if (!(this.refreshMs > 0)) throw new Error(`refreshMs must be positive, got ${this.refreshMs}`);
    this.onRefreshError = options.onRefreshError ?? (() => {});
    this.metrics = cacheMetrics(options.registry ?? new Registry(), () =>
      this.refreshedAt === undefined ? undefined : (Date.now() - this.refreshedAt.getTime()) / 1000,
    );
  }

  /** When the last successful load finished, or undefined before the first. */
  get lastRefreshAt(): Date | undefined {
    return this.refreshedAt;
  }

  /** Loads the first snapshot (rejecting if it fails) and starts the background refresh. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    const result = await this.refresh();
    if (!result.ok) throw result.error;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the background refresh and waits for a running one to finish; the snapshot stays readable. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Loads a snapshot now (sharing one already running); resolves false and keeps the old snapshot on failure. */
  async refreshNow(): Promise<boolean> {
    const result = await this.refresh();
    if (!result.ok) this.onRefreshError(result.error);
    return result.ok;
  }

  /** The key with its project and status, or undefined for a key that does not exist. */
  lookup(publicKey: string): KeyLookup | undefined {
    return this.indexed.byKey.get(publicKey);
  }

  /** The project with this id, or undefined. */
  projectById(id: number): ProjectRecord | undefined {
    return this.indexed.projects.get(id);
  }

  private schedule(): void {
    if (this.stopped) return;
    // setTimeout after each refresh, not setInterval: a slow database never stacks refreshes.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refreshNow().then(() => this.schedule());
    }, this.refreshMs);
    // The cache must not keep a process alive that is otherwise shutting down.
    this.timer.unref();
  }

  // Callers arriving while a load runs share it, so refreshes never overlap.
  private refresh(): Promise<LoadResult> {
    this.running ??= this.load().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async load(): Promise<LoadResult> {
    try {
      const snapshot = await this.source.loadSnapshot();
      this.indexed = index(snapshot);
      this.refreshedAt = new Date();
      this.metrics.keys.set(this.indexed.byKey.size);
      this.metrics.refreshes.inc({ result: 'success' });
      return { ok: true };
    } catch (error) {
      this.metrics.refreshes.inc({ result: 'failure' });
      return { ok: false, error };
    }
  }
}

function index(snapshot: ProjectsSnapshot): Indexed {
  const projects = new Map(snapshot.projects.map((project) => [project.id, Object.freeze(project)]));
  const byKey = new Map<string, KeyLookup>();
  for (const key of snapshot.keys) {
    const project = projects.get(key.projectId);
    // Cannot happen with the foreign key and one snapshot transaction; skipped rather than crash.
    if (project === undefined) continue;
    byKey.set(key.publicKey, Object.freeze({ key: Object.freeze(key), project, status: statusOf(key, project) }));
  }
  return { byKey, projects };
}

function statusOf(key: ProjectKeyRecord, project: ProjectRecord): KeyStatus {
  if (key.revokedAt !== null) return 'key_revoked';
  if (!key.enabled) return 'key_disabled';
  if (!project.enabled) return 'project_disabled';
  return 'active';
}
