// The `ArtifactSource` of @faultline/sourcemaps over the artifact index. Index lookups (hits and
// misses) are reused for a short TTL, so a warm consumer does not ask PostgreSQL once per event;
// the bytes are read only on a MapCache miss.
import type { Artifact, ArtifactSource, DebugIdArtifactKind } from '@faultline/sourcemaps';
import type { ArtifactIndex, ArtifactRow } from '@faultline/platform-artifacts';

/** Options of {@link StoredArtifactSource}. */
export interface StoredArtifactSourceOptions {
  /** How long a lookup result is reused (ms); 0 disables the cache. */
  ttlMs: number;
  /** Most lookups kept; the oldest half is dropped past it. */
  maxEntries?: number;
  /** Largest artifact read from storage (decompressed bytes). */
  maxBytes?: number;
  /** Called once per index query (for metrics and tests). */
  onQuery?: () => void;
}

interface Entry {
  expires: number;
  value: Promise<Artifact | undefined>;
}

/** Artifact lookups for symbolication, backed by PostgreSQL + object storage. */
export class StoredArtifactSource implements ArtifactSource {
  private readonly cache = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(
    private readonly index: ArtifactIndex,
    private readonly options: StoredArtifactSourceOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 50_000;
  }

  byDebugId(projectId: string, debugId: string, kind: DebugIdArtifactKind): Promise<Artifact | undefined> {
    const project = projectNumber(projectId);
    if (project === undefined || !/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(debugId)) return Promise.resolve(undefined);
    return this.cached(`d|${project}|${debugId.toLowerCase()}|${kind}`, () => this.index.byDebugId(project, debugId.toLowerCase(), kind));
  }

  byUrl(projectId: string, release: string, dist: string | undefined, url: string): Promise<Artifact | undefined> {
    const project = projectNumber(projectId);
    if (project === undefined) return Promise.resolve(undefined);
    return this.cached(`u|${project}|${release}|${dist ?? ''}|${url}`, () => this.index.byUrl(project, release, dist ?? '', url));
  }

  /** Forgets every cached lookup (after an upload through this process). */
  invalidate(): void {
    this.cache.clear();
  }

  private cached(key: string, query: () => Promise<ArtifactRow | undefined>): Promise<Artifact | undefined> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.value;
    this.options.onQuery?.();
    const value = query().then((row) => row && this.artifact(row));
    if (this.options.ttlMs > 0) {
      if (this.cache.size >= this.maxEntries) this.evictHalf();
      this.cache.set(key, { expires: now + this.options.ttlMs, value });
      // A failed query (database down) must not be remembered.
      value.catch(() => this.cache.delete(key));
    }
    return value;
  }

  private evictHalf(): void {
    let n = Math.floor(this.cache.size / 2);
    for (const key of this.cache.keys()) {
      if (n-- <= 0) break;
      this.cache.delete(key);
    }
  }

  private artifact(row: ArtifactRow): Artifact {
    return {
      key: row.storageKey,
      url: row.url ?? undefined,
      debugId: row.debugId ?? undefined,
      headers: row.headers,
      load: async () => new Uint8Array(await this.index.read(row.storageKey, this.options.maxBytes)),
    };
  }
}

function projectNumber(id: string): number | undefined {
  return /^\d{1,9}$/.test(id) ? Number(id) : undefined;
}
