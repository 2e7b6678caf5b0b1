// What the sentry-cli compatible endpoints do (PROTOCOLS.md §2): chunk-upload options and chunks,
// artifact-bundle assembly (missing chunks first, then unzip, validate, store and index), and
// legacy release files. HTTP details stay in upload-routes.ts.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { ProjectRecord, ProjectsStore } from '@faultline/platform-projects';
import { debugIdOf, normalizeDebugId, parseMap, validateUpload, type UploadProblem } from '@faultline/sourcemaps';
import type { ArtifactIndex, ArtifactKind, NewArtifact } from '@faultline/platform-artifacts';
import { BundleError, readBundle } from '../artifacts/bundle-reader.js';
import type { EnrichmentConfig } from '../enrichment.config.js';
import { UploadError } from './upload-error.js';
import type { UploadMetrics } from './upload-metrics.js';

const SHA1 = /^[0-9a-f]{40}$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const MAX_CHUNKS_PER_REQUEST = 64;

/** One multipart part of a chunk upload. */
export interface ChunkPart {
  /** The part's filename: SHA-1 of the uncompressed chunk. */
  filename: string;
  /** `file` (raw) or `file_gzip` (gzip-compressed). */
  field: string;
  data: Buffer;
}

/** Body of the assemble call. */
export interface AssembleRequest {
  checksum: string;
  chunks: string[];
  projects: string[];
  version?: string;
  dist?: string;
}

/** Answer of the assemble call. */
export interface AssembleResponse {
  state: 'created' | 'assembling' | 'ok' | 'error' | 'not_found';
  missingChunks: string[];
  detail: string | null;
}

/** A legacy release file upload. */
export interface ReleaseFileUpload {
  name: string;
  dist?: string;
  headers: Record<string, string>;
  content: Buffer;
}

/** The stored release file, as Sentry answers it. */
export interface ReleaseFileResponse {
  id: string;
  name: string;
  dist: string | null;
  headers: Record<string, string>;
  sha1: string;
  size: number;
  dateCreated: string;
  /** Faultline: problems found at upload time (e.g. a minified file whose map is not uploaded yet). */
  problems: UploadProblem[];
}

/** The upload API's logic. */
export class UploadService {
  constructor(
    private readonly config: EnrichmentConfig,
    private readonly index: ArtifactIndex,
    private readonly projects: ProjectsStore,
    private readonly metrics: UploadMetrics,
    private readonly onStored: () => void = () => undefined,
  ) {}

  /** `GET /api/0/organizations/<org>/chunk-upload/`. */
  chunkOptions(baseUrl: string, org: string) {
    return {
      url: `${baseUrl.replace(/\/$/, '')}/api/0/organizations/${encodeURIComponent(org)}/chunk-upload/`,
      chunkSize: this.config.ENRICHMENT_CHUNK_SIZE,
      chunksPerRequest: MAX_CHUNKS_PER_REQUEST,
      maxFileSize: this.config.ENRICHMENT_MAX_BUNDLE_BYTES,
      maxRequestSize: this.config.ENRICHMENT_MAX_UPLOAD_BYTES,
      concurrency: 4,
      hashAlgorithm: 'sha1',
      compression: ['gzip'],
      accept: ['release_files', 'sources', 'artifact_bundles', 'artifact_bundles_v2'],
    };
  }

  /** `POST …/chunk-upload/`: stores each part under its SHA-1 after checking it. */
  async uploadChunks(parts: readonly ChunkPart[]): Promise<void> {
    if (parts.length > MAX_CHUNKS_PER_REQUEST) throw new UploadError('bad_request', `Too many chunks: ${parts.length} (at most ${MAX_CHUNKS_PER_REQUEST} per request)`);
    const checked = parts.map((part) => {
      const name = part.filename.toLowerCase();
      if (!SHA1.test(name)) throw new UploadError('bad_request', `chunk part filename must be the chunk's SHA-1 (40 hex digits), got "${part.filename}"`);
      let data = part.data;
      if (part.field === 'file_gzip') {
        try {
          data = gunzipSync(part.data, { maxOutputLength: this.config.ENRICHMENT_CHUNK_SIZE });
        } catch (error) {
          throw new UploadError((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'bad_request', `chunk ${name}: ${(error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'Chunk size too large' : 'file_gzip part is not gzip'}`);
        }
      } else if (part.field !== 'file') {
        throw new UploadError('bad_request', `unexpected multipart field "${part.field}" (expected "file" or "file_gzip")`);
      }
      if (data.length > this.config.ENRICHMENT_CHUNK_SIZE) throw new UploadError('too_large', `Chunk size too large: ${name} has ${data.length} bytes (chunkSize ${this.config.ENRICHMENT_CHUNK_SIZE})`);
      const actual = createHash('sha1').update(data).digest('hex');
      if (actual !== name) throw new UploadError('checksum_mismatch', `chunk named ${name} has SHA-1 ${actual}`);
      return { name, data };
    });
    await Promise.all(checked.map((c) => this.index.putChunk(c.name, c.data)));
    this.metrics.chunks.inc(checked.length);
  }

  /** `POST …/artifactbundle/assemble/`. */
  async assemble(body: unknown): Promise<AssembleResponse> {
    const request = parseAssembleRequest(body);
    const projects = await this.resolveProjects(request.projects);
    const known = await this.index.bundleState(request.checksum);
    if (known) return { state: known.state, missingChunks: [], detail: known.detail };
    const missing = await this.index.missingChunks(request.chunks);
    if (missing.length > 0) return { state: 'not_found', missingChunks: missing, detail: null };
    const data = await this.index.readChunks(request.chunks, this.config.ENRICHMENT_CHUNK_SIZE);
    const checksum = createHash('sha1').update(data).digest('hex');
    if (checksum !== request.checksum) {
      this.metrics.refuse('checksum_mismatch');
      return { state: 'error', missingChunks: [], detail: `the chunks add up to SHA-1 ${checksum}, not the checksum ${request.checksum}` };
    }
    let bundle;
    try {
      bundle = readBundle(data, this.config.ENRICHMENT_MAX_BUNDLE_BYTES);
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      const state = { state: 'error' as const, detail: error.message, files: 0 };
      await this.index.setBundleState(request.checksum, state);
      return { state: 'error', missingChunks: [], detail: error.message };
    }
    const release = request.version ?? bundle.release ?? '';
    const dist = release ? (request.dist ?? bundle.dist ?? '') : '';
    const problems = validateUpload(bundle.files.map((f) => ({ url: f.url, content: f.content, type: f.kind, headers: f.headers })));
    const files: NewArtifact[] = projects.flatMap((project) =>
      bundle.files.map((f) => ({
        projectId: project.id,
        release,
        dist,
        url: f.url,
        debugId: debugIdFor(f.kind, f.content, f.headers),
        kind: f.kind,
        content: f.content,
        headers: f.headers,
        bundleChecksum: request.checksum,
      })),
    );
    await this.index.store(files);
    this.afterStore(files, problems);
    const summary = `stored ${bundle.files.length} file(s) for ${projects.map((p) => p.slug).join(', ')}${release ? ` release ${release}` : ''}${dist ? ` dist ${dist}` : ''}`;
    const state = problems.length > 0 && this.config.ENRICHMENT_UPLOAD_PROBLEMS_FAIL ? ('error' as const) : ('ok' as const);
    const detail = problems.length > 0 ? `${summary}; ${problems.length} problem(s): ${problems.map((p) => p.message).join('; ')}` : null;
    await this.index.setBundleState(request.checksum, { state, detail, files: bundle.files.length });
    return { state, missingChunks: [], detail };
  }

  /** `POST /api/0/organizations/<org>/releases/`: remembers which projects a release belongs to. */
  async createRelease(body: unknown) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { version?: unknown; projects?: unknown };
    if (typeof b.version !== 'string' || b.version === '' || b.version.includes('/')) throw new UploadError('bad_request', 'version must be a non-empty string without "/"');
    if (!Array.isArray(b.projects) || b.projects.length === 0 || b.projects.some((p) => typeof p !== 'string')) throw new UploadError('bad_request', 'projects must list at least one project slug');
    const projects = await this.resolveProjects(b.projects as string[]);
    await this.index.createRelease(b.version, projects.map((p) => p.id));
    return { version: b.version, projects: projects.map((p) => ({ slug: p.slug, name: p.name })), dateCreated: new Date().toISOString() };
  }

  /** `GET …/releases/<version>/`: the release as Sentry describes it. */
  async getRelease(version: string) {
    const release = await this.index.getRelease(version);
    if (!release) throw new UploadError('not_found', `release ${version} was not created (POST /api/0/organizations/<org>/releases/ first)`);
    const projects = await this.resolveProjects(release.projectIds.map(String));
    return {
      version,
      shortVersion: version,
      projects: projects.map((p) => ({ slug: p.slug, name: p.name })),
      dateCreated: release.dateCreated.toISOString(),
      dateReleased: release.dateReleased?.toISOString() ?? null,
    };
  }

  /**
   * `PUT …/releases/<version>/` (`sentry-cli releases finalize`, the bundler plugins' finalize and
   * set-commits): `dateReleased` is stored (null clears it); `ref`, `url`, `refs` and `commits`
   * are accepted and not kept — Faultline does not track commits.
   */
  async updateRelease(version: string, body: unknown) {
    const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : undefined) as Record<string, unknown> | undefined;
    if (!b) throw new UploadError('bad_request', 'the body must be a JSON object');
    if (!(await this.index.getRelease(version))) throw new UploadError('not_found', `release ${version} was not created (POST /api/0/organizations/<org>/releases/ first)`);
    if ('dateReleased' in b) {
      const raw = b.dateReleased;
      const date = raw === null ? null : typeof raw === 'string' ? new Date(raw) : undefined;
      if (date === undefined || (date !== null && Number.isNaN(date.getTime()))) throw new UploadError('bad_request', 'dateReleased must be an ISO 8601 date-time or null');
      await this.index.setReleaseDate(version, date);
    }
    for (const key of ['refs', 'commits'] as const) {
      if (key in b && !Array.isArray(b[key])) throw new UploadError('bad_request', `${key} must be a list`);
    }
    return this.getRelease(version);
  }

  /** Projects of a release created through the organization API. */
  async releaseProjects(version: string): Promise<ProjectRecord[]> {
    const ids = await this.index.releaseProjects(version);
    if (ids.length === 0) throw new UploadError('not_found', `release ${version} was not created (POST /api/0/organizations/<org>/releases/ first, or use the project endpoint)`);
    return this.resolveProjects(ids.map(String));
  }

  /** Resolves project slugs (or ids); refuses unknown ones. */
  async resolveProjects(slugs: readonly string[]): Promise<ProjectRecord[]> {
    const out: ProjectRecord[] = [];
    for (const slug of slugs) {
      const project = await this.projects.getProject(/^\d+$/.test(slug) ? Number(slug) : slug);
      if (!project) throw new UploadError('bad_request', `project "${slug}" does not exist`);
      out.push(project);
    }
    return out;
  }

  /** Legacy `POST …/releases/<version>/files/` for each of `projects`. */
  async uploadReleaseFile(projects: readonly ProjectRecord[], release: string, upload: ReleaseFileUpload): Promise<ReleaseFileResponse> {
    if (release === '' || release.includes('/')) throw new UploadError('bad_request', 'release version must be non-empty and contain no "/"');
    if (!upload.name) throw new UploadError('bad_request', 'the "name" field (a full URL or ~/path) is required');
    const kind = kindOf(upload.name, upload.content);
    const problems = validateUpload([{ url: upload.name, content: upload.content, type: kind, headers: upload.headers }]).filter(
      (p) => p.kind === 'map_parse_error',
    );
    // A map that does not parse can never apply: refuse it. A minified file whose map comes in a
    // later request is normal for release files, so that is only reported.
    if (problems.length > 0) {
      for (const p of problems) this.metrics.problems.inc({ kind: p.kind });
      throw new UploadError('bad_request', problems.map((p) => p.message).join('; '));
    }
    const dist = upload.dist ?? '';
    const files: NewArtifact[] = projects.map((project) => ({
      projectId: project.id,
      release,
      dist,
      url: upload.name,
      debugId: debugIdFor(kind, upload.content, upload.headers),
      kind,
      content: upload.content,
      headers: upload.headers,
    }));
    const rows = await this.index.store(files);
    const pending = kind === 'minified_source' ? await this.mapNotYetUploaded(projects[0]!, release, dist, upload) : [];
    this.afterStore(files, pending);
    const row = rows[0]!;
    return { id: String(row.id), name: upload.name, dist: dist || null, headers: upload.headers, sha1: row.sha1, size: row.size, dateCreated: new Date().toISOString(), problems: pending };
  }

  private async mapNotYetUploaded(project: ProjectRecord, release: string, dist: string, upload: ReleaseFileUpload): Promise<UploadProblem[]> {
    const siblings = await this.index.releaseFiles(project.id, release);
    const maps = siblings.filter((s) => s.kind === 'source_map' && s.dist === dist && s.url);
    const problems = validateUpload([
      { url: upload.name, content: upload.content, type: 'minified_source', headers: upload.headers },
      // Only the URLs matter for the reference check; the maps were parsed when they were uploaded.
      ...maps.map((m) => ({ url: m.url!, content: new TextEncoder().encode('{"version":3,"sources":[],"names":[],"mappings":""}'), type: 'source_map' as const, headers: (m.debugId ? { 'debug-id': m.debugId } : {}) as Record<string, string> })),
    ]);
    return problems.map((p) => ({ ...p, message: `${p.message} (yet: upload it to release ${release} too)` }));
  }

  private afterStore(files: readonly NewArtifact[], problems: readonly UploadProblem[]): void {
    for (const f of files) this.metrics.files.inc({ kind: f.kind });
    for (const p of problems) this.metrics.problems.inc({ kind: p.kind });
    this.onStored();
  }
}

function parseAssembleRequest(body: unknown): AssembleRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UploadError('bad_request', 'body must be a JSON object {checksum, chunks, projects, version?, dist?}');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !['checksum', 'chunks', 'projects', 'version', 'dist'].includes(k));
  if (unknown.length > 0) throw new UploadError('bad_request', `unknown field(s): ${unknown.join(', ')}`);
  if (typeof b.checksum !== 'string' || !SHA1.test(b.checksum)) throw new UploadError('bad_request', 'checksum must be the SHA-1 of the bundle (40 lowercase hex digits)');
  if (!Array.isArray(b.chunks) || b.chunks.some((c) => typeof c !== 'string' || !SHA1.test(c))) throw new UploadError('bad_request', 'chunks must be a list of SHA-1 hex digests');
  if (!Array.isArray(b.projects) || b.projects.length === 0 || b.projects.some((p) => typeof p !== 'string')) throw new UploadError('bad_request', 'projects must list at least one project slug');
  if (b.version !== undefined && (typeof b.version !== 'string' || b.version.includes('/'))) throw new UploadError('bad_request', 'version must be a string without "/"');
  if (b.dist !== undefined && (typeof b.dist !== 'string' || b.version === undefined)) throw new UploadError('bad_request', 'dist must be a string and needs a version');
  return { checksum: b.checksum, chunks: b.chunks as string[], projects: b.projects as string[], version: (b.version as string | undefined) || undefined, dist: (b.dist as string | undefined) || undefined };
}

/** The debug id of a file: its header, else the `//# debugId=` comment or the map's `debug_id`. */
function debugIdFor(kind: ArtifactKind, content: Buffer, headers: Record<string, string>): string | undefined {
  const id = rawDebugId(kind, content, headers);
  return id !== undefined && UUID.test(id) ? normalizeDebugId(id) : undefined;
}

function rawDebugId(kind: ArtifactKind, content: Buffer, headers: Record<string, string>): string | undefined {
  const header = headers['debug-id'];
  if (header) return normalizeDebugId(header);
  if (kind === 'minified_source') return debugIdOf(content.toString('utf8'));
  if (kind === 'source_map') {
    const parsed = parseMap(content);
    return parsed.ok ? parsed.map.debugId : undefined;
  }
  return undefined;
}

/** Kind of a release file from its name (and, for JSON, its content). */
function kindOf(name: string, content: Buffer): ArtifactKind {
  const path = name.replace(/[?#].*$/, '');
  if (path.endsWith('.map')) return 'source_map';
  if (/\.(?:m|c)?js$/.test(path)) return 'minified_source';
  if (content[0] === 0x7b && /"mappings"\s*:/.test(content.subarray(0, 4096).toString('utf8'))) return 'source_map';
  return 'source';
}
