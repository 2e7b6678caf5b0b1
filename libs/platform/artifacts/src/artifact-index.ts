// The artifact index (PostgreSQL) and the artifact bytes (object storage), written by the upload
// API and read by symbolication. Files are stored content-addressed per project
// (`artifacts/<project>/<sha1>`), so re-uploading a build stores nothing new.
import { createHash } from 'node:crypto';
import type { ObjectStorage } from '@faultline/platform-storage';
import { withTransaction } from '@faultline/platform-persistence';
import type { DataSource } from 'typeorm';

/** Kinds of uploaded files (artifact bundle manifest `type`). */
export type ArtifactKind = 'source' | 'minified_source' | 'source_map' | 'indexed_ram_bundle';

/** One file to store and index. */
export interface NewArtifact {
  projectId: number;
  release: string;
  dist: string;
  /** `~/path` or a full URL. */
  url?: string;
  debugId?: string;
  kind: ArtifactKind;
  content: Buffer;
  /** Lower-cased headers (`sourcemap`, `debug-id`, …). */
  headers: Record<string, string>;
  bundleChecksum?: string;
}

/** An indexed file as symbolication reads it. */
export interface ArtifactRow {
  id: number;
  storageKey: string;
  url: string | null;
  debugId: string | null;
  kind: ArtifactKind;
  sha1: string;
  size: number;
  headers: Record<string, string>;
}

/** A file as `faultline sourcemaps list` shows it. */
export interface ListedArtifact extends ArtifactRow {
  release: string;
  dist: string;
  createdAt: Date;
}

/** State of an assembled bundle, by checksum. */
export interface BundleState {
  state: 'ok' | 'error';
  detail: string | null;
  files: number;
}

interface RawRow {
  id: string;
  storage_key: string;
  url: string | null;
  debug_id: string | null;
  kind: ArtifactKind;
  sha1: string;
  size: string;
  headers: Record<string, string>;
}

const toRow = (r: RawRow): ArtifactRow => ({
  id: Number(r.id),
  storageKey: r.storage_key,
  url: r.url,
  debugId: r.debug_id,
  kind: r.kind,
  sha1: r.sha1,
  size: Number(r.size),
  headers: r.headers ?? {},
});

const COLUMNS = 'id, storage_key, url, debug_id, kind, sha1, size, headers';

/** Reads and writes artifacts: rows in PostgreSQL, bytes in object storage. */
export class ArtifactIndex {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
  ) {}

  /**
   * Stores the bytes, then indexes every file in one transaction. A file uploaded again under
   * the same project, release, dist and URL replaces the earlier one (as in Sentry).
   */
  async store(files: readonly NewArtifact[]): Promise<ArtifactRow[]> {
    const keyed = files.map((f) => {
      const sha1 = createHash('sha1').update(f.content).digest('hex');
      return { ...f, sha1, storageKey: `artifacts/${f.projectId}/${sha1}` };
    });
    const unique = new Map(keyed.map((f) => [f.storageKey, f]));
    await Promise.all(
      [...unique.values()].map((f) =>
        this.storage.putGzip(f.storageKey, f.content, { contentType: f.kind === 'source_map' ? 'application/json' : 'text/javascript' }),
      ),
    );
    return withTransaction(this.dataSource, async (manager) => {
      const rows: ArtifactRow[] = [];
      for (const f of keyed) {
        if (f.url && f.release) {
          await manager.query('DELETE FROM sourcemap_artifacts WHERE project_id = $1 AND release = $2 AND dist = $3 AND url = $4', [f.projectId, f.release, f.dist, f.url]);
        }
        const [row] = (await manager.query(
          `INSERT INTO sourcemap_artifacts (project_id, release, dist, url, debug_id, kind, storage_key, sha1, size, headers, bundle_checksum)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
          [f.projectId, f.release, f.dist, f.url ?? null, f.debugId ?? null, f.kind, f.storageKey, f.sha1, f.content.length, JSON.stringify(f.headers), f.bundleChecksum ?? null],
        )) as RawRow[];
        rows.push(toRow(row!));
      }
      return rows;
    });
  }

  /** The newest file of `kind` carrying `debugId` in the project. */
  async byDebugId(projectId: number, debugId: string, kind: ArtifactKind): Promise<ArtifactRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sourcemap_artifacts WHERE project_id = $1 AND debug_id = $2 AND kind = $3 ORDER BY id DESC LIMIT 1`,
      [projectId, debugId, kind],
    )) as RawRow[];
    return rows[0] && toRow(rows[0]);
  }

  /** The file uploaded under exactly `url` for the release and dist. */
  async byUrl(projectId: number, release: string, dist: string, url: string): Promise<ArtifactRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sourcemap_artifacts WHERE project_id = $1 AND release = $2 AND dist = $3 AND url = $4 ORDER BY id DESC LIMIT 1`,
      [projectId, release, dist, url],
    )) as RawRow[];
    return rows[0] && toRow(rows[0]);
  }

  /** Files of a release (legacy release-files listing). */
  async releaseFiles(projectId: number, release: string): Promise<(ArtifactRow & { dist: string })[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS}, dist FROM sourcemap_artifacts WHERE project_id = $1 AND release = $2 ORDER BY id`, [projectId, release])) as (RawRow & { dist: string })[];
    return rows.map((r) => ({ ...toRow(r), dist: r.dist }));
  }

  /** Every file of a project, optionally of one release or debug id, newest first (`faultline sourcemaps list`). */
  async list(projectId: number, filter: { release?: string; debugId?: string } = {}): Promise<ListedArtifact[]> {
    const where = ['project_id = $1'];
    const params: unknown[] = [projectId];
    if (filter.release !== undefined) where.push(`release = $${params.push(filter.release)}`);
    if (filter.debugId !== undefined) where.push(`debug_id = $${params.push(filter.debugId)}::uuid`);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS}, release, dist, created_at FROM sourcemap_artifacts WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC`,
      params,
    )) as (RawRow & { release: string; dist: string; created_at: Date })[];
    return rows.map((r) => ({ ...toRow(r), release: r.release, dist: r.dist, createdAt: r.created_at }));
  }

  /**
   * Deletes the files of a release (of one dist, and of the given URLs, when set) and then every
   * stored object no remaining file refers to. Returns the deleted files.
   */
  async deleteFiles(projectId: number, release: string, filter: { dist?: string; urls?: readonly string[] } = {}): Promise<ListedArtifact[]> {
    const where = ['project_id = $1', 'release = $2'];
    const params: unknown[] = [projectId, release];
    if (filter.dist !== undefined) where.push(`dist = $${params.push(filter.dist)}`);
    if (filter.urls !== undefined && filter.urls.length > 0) where.push(`url = ANY($${params.push([...filter.urls])}::text[])`);
    type Deleted = RawRow & { release: string; dist: string; created_at: Date };
    const result = (await this.dataSource.query(
      `DELETE FROM sourcemap_artifacts WHERE ${where.join(' AND ')} RETURNING ${COLUMNS}, release, dist, created_at`,
      params,
    )) as [Deleted[], number] | Deleted[];
    // TypeORM answers a DELETE … RETURNING on PostgreSQL with [rows, count].
    const rows = (Array.isArray(result[0]) ? result[0] : result) as Deleted[];
    const keys = [...new Set(rows.map((r) => r.storage_key))];
    if (keys.length > 0) {
      const still = (await this.dataSource.query('SELECT DISTINCT storage_key FROM sourcemap_artifacts WHERE storage_key = ANY($1::text[])', [keys])) as { storage_key: string }[];
      const kept = new Set(still.map((r) => r.storage_key));
      for (const key of keys) if (!kept.has(key)) await this.storage.remove(key);
    }
    return rows.map((r) => ({ ...toRow(r), release: r.release, dist: r.dist, createdAt: r.created_at }));
  }

  /** Reads the bytes of an artifact. */
  read(storageKey: string, maxBytes?: number): Promise<Buffer> {
    return this.storage.getGunzip(storageKey, maxBytes === undefined ? {} : { maxBytes });
  }

  /** Stores one upload chunk (uncompressed bytes) under its SHA-1. */
  async putChunk(sha1: string, bytes: Buffer): Promise<void> {
    await this.storage.putGzip(`chunks/${sha1}`, bytes, { contentType: 'application/octet-stream' });
  }

  /**
   * Deletes stored chunks last written before `cutoff` (chunks only feed assembly, whose files are
   * stored on their own; a chunk asked for again is reported missing and uploaded again).
   * Returns how many were deleted.
   */
  async deleteChunksBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const object of await this.storage.list('chunks/')) {
      if (object.lastModified === undefined || object.lastModified >= cutoff) continue;
      await this.storage.remove(object.key);
      deleted++;
    }
    return deleted;
  }

  /** Which of `sha1s` are not stored yet. */
  async missingChunks(sha1s: readonly string[]): Promise<string[]> {
    const present = await Promise.all(sha1s.map((s) => this.storage.exists(`chunks/${s}`)));
    return sha1s.filter((_, i) => !present[i]);
  }

  /** Reads the chunks and concatenates them. */
  async readChunks(sha1s: readonly string[], maxBytes: number): Promise<Buffer> {
    const parts = await Promise.all(sha1s.map((s) => this.storage.getGunzip(`chunks/${s}`, { maxBytes })));
    return Buffer.concat(parts);
  }

  /** The recorded state of a bundle assembled before. */
  async bundleState(checksum: string): Promise<BundleState | undefined> {
    const rows = (await this.dataSource.query('SELECT state, detail, files FROM sourcemap_bundles WHERE checksum = $1', [checksum])) as BundleState[];
    return rows[0];
  }

  /** Records the state of an assembled bundle. */
  async setBundleState(checksum: string, state: BundleState): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sourcemap_bundles (checksum, state, detail, files) VALUES ($1, $2, $3, $4)
       ON CONFLICT (checksum) DO UPDATE SET state = EXCLUDED.state, detail = EXCLUDED.detail, files = EXCLUDED.files`,
      [checksum, state.state, state.detail, state.files],
    );
  }

  /** Links a release (created through the organization API) to projects. */
  async createRelease(version: string, projectIds: readonly number[]): Promise<void> {
    for (const id of projectIds) {
      await this.dataSource.query('INSERT INTO sourcemap_releases (version, project_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [version, id]);
    }
  }

  /** A release created through the organization API: its projects, creation and finalization times; undefined when unknown. */
  async getRelease(version: string): Promise<{ projectIds: number[]; dateCreated: Date; dateReleased: Date | null } | undefined> {
    const rows = (await this.dataSource.query(
      'SELECT project_id, created_at, date_released FROM sourcemap_releases WHERE version = $1 ORDER BY project_id',
      [version],
    )) as { project_id: number; created_at: Date; date_released: Date | null }[];
    if (rows.length === 0) return undefined;
    const dateCreated = new Date(Math.min(...rows.map((r) => r.created_at.getTime())));
    const released = rows.map((r) => r.date_released).filter((d): d is Date => d !== null);
    return { projectIds: rows.map((r) => r.project_id), dateCreated, dateReleased: released.length > 0 ? new Date(Math.max(...released.map((d) => d.getTime()))) : null };
  }

  /** Sets (or clears) the finalization time of every project's row of a release. */
  async setReleaseDate(version: string, dateReleased: Date | null): Promise<void> {
    await this.dataSource.query('UPDATE sourcemap_releases SET date_released = $2 WHERE version = $1', [version, dateReleased]);
  }

  /** Projects a release was created for. */
  async releaseProjects(version: string): Promise<number[]> {
    const rows = (await this.dataSource.query('SELECT project_id FROM sourcemap_releases WHERE version = $1 ORDER BY project_id', [version])) as { project_id: number }[];
    return rows.map((r) => r.project_id);
  }
}
