// Where source maps and minified files come from. The enrichment service implements this with
// PostgreSQL (the index) and object storage (the bytes); tests use `MemoryArtifactSource`. Keeping
// the lookup behind an async interface is what keeps this library free of I/O.
import { candidateUrls } from './candidate-urls.js';

/** Artifact kinds that can be looked up by debug id (the `type` of an artifact bundle manifest entry). */
export type DebugIdArtifactKind = 'minified_source' | 'source_map';

/** One uploaded file: its index data, and its bytes on demand. */
export interface Artifact {
  /** Cache key, unique per content (e.g. the storage key); decoded maps are cached under it. */
  key: string;
  /** URL it was uploaded under (`~/path` or a full URL), when known. */
  url?: string;
  /** Debug id from the bundle manifest or the file itself, when known. */
  debugId?: string;
  /** Manifest / release-file headers, keys lower-cased (`sourcemap`, `x-sourcemap`, `debug-id`). */
  headers?: Record<string, string>;
  /** Reads the file; called at most once per cache miss. */
  load(): Promise<Uint8Array>;
}

/** Finds uploaded artifacts of one project; implemented by the service over its index and storage. */
export interface ArtifactSource {
  /** The artifact of `kind` carrying `debugId` (from an artifact bundle), if one was uploaded. */
  byDebugId(projectId: string, debugId: string, kind: DebugIdArtifactKind): Promise<Artifact | undefined>;
  /** The release file uploaded under exactly `url` (one of the `candidateUrls` forms) for release and dist. */
  byUrl(projectId: string, release: string, dist: string | undefined, url: string): Promise<Artifact | undefined>;
}

/** A file registered with `MemoryArtifactSource`. */
export interface MemoryArtifactInput {
  projectId: string;
  /** Upload URL (`~/assets/app.js` or a full URL); indexed as given. */
  url?: string;
  release?: string;
  dist?: string;
  debugId?: string;
  kind?: DebugIdArtifactKind | 'source';
  headers?: Record<string, string>;
  content: Uint8Array | string;
}

/** In-memory `ArtifactSource` for tests and tools; counts loads so tests can see what was read. */
export class MemoryArtifactSource implements ArtifactSource {
  /** Number of `load()` calls made on artifacts from this source. */
  loads = 0;
  private readonly files: (MemoryArtifactInput & { key: string })[] = [];

  /** Registers a file and returns its cache key. */
  add(input: MemoryArtifactInput): string {
    const key = `mem:${this.files.length}:${input.url ?? input.debugId ?? ''}`;
    this.files.push({ ...input, key });
    return key;
  }

  async byDebugId(projectId: string, debugId: string, kind: DebugIdArtifactKind): Promise<Artifact | undefined> {
    const id = debugId.toLowerCase();
    const hit = this.files.find((f) => f.projectId === projectId && f.debugId?.toLowerCase() === id && f.kind === kind);
    return hit && this.artifact(hit);
  }

  async byUrl(projectId: string, release: string, dist: string | undefined, url: string): Promise<Artifact | undefined> {
    const hit = this.files.find(
      (f) => f.projectId === projectId && f.release === release && (f.dist || undefined) === (dist || undefined) && f.url === url,
    );
    return hit && this.artifact(hit);
  }

  /** Finds a file by any candidate form of `absPath`, for tests that want to tamper with one. */
  find(absPath: string): MemoryArtifactInput | undefined {
    const urls = candidateUrls(absPath);
    return this.files.find((f) => f.url !== undefined && urls.includes(f.url));
  }

  private artifact(f: MemoryArtifactInput & { key: string }): Artifact {
    return {
      key: f.key,
      url: f.url,
      debugId: f.debugId,
      headers: f.headers,
      load: async () => {
        this.loads++;
        return typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content;
      },
    };
  }
}
