// The sentry-cli compatible upload endpoints, registered directly on Fastify (multipart bodies
// are streamed through busboy with size limits). Every request needs a Faultline API token
// (`Authorization: Bearer flt_…`) with a release-upload scope.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG } from '@faultline/platform-config';
import { ProjectsStore, type ApiTokenRecord } from '@faultline/platform-projects';
import busboy from 'busboy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EnrichmentConfig } from '../enrichment.config.js';
import { UploadError } from './upload-error.js';
import { UploadMetrics } from './upload-metrics.js';
import { UploadService, type ChunkPart, type ReleaseFileUpload } from './upload-service.js';

/** Scopes that allow uploading source maps (Sentry's `project:releases` and broader ones). */
export const UPLOAD_SCOPES = ['project:releases', 'project:write', 'project:admin', 'org:admin'];

interface Multipart {
  fields: Record<string, string[]>;
  files: ChunkPart[];
}

/** Registers the upload API under /api/0/. */
@Injectable()
export class UploadRoutes implements OnModuleInit {
  private readonly logger = new Logger('Upload');

  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(UploadService) private readonly uploads: UploadService,
    @Inject(ProjectsStore) private readonly projects: ProjectsStore,
    @Inject(UploadMetrics) private readonly metrics: UploadMetrics,
    @Inject(APP_CONFIG) private readonly config: EnrichmentConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    // Multipart bodies are read by busboy from the raw stream, within our own limits.
    fastify.addContentTypeParser('multipart/form-data', (_req, payload, done) => done(null, payload));
    type P = Record<string, string>;
    const route = (method: 'GET' | 'POST' | 'PUT', url: string, handle: (req: FastifyRequest, params: P) => Promise<[number, unknown]>) =>
      fastify.route({ method, url, bodyLimit: this.config.ENRICHMENT_MAX_UPLOAD_BYTES, handler: (req, reply) => this.answer(req, reply, handle) });

    route('GET', '/api/0/organizations/:org/chunk-upload/', async (req, p) => [200, this.uploads.chunkOptions(this.baseUrl(req), p.org!)]);
    route('POST', '/api/0/organizations/:org/chunk-upload/', async (req) => {
      const form = await this.multipart(req);
      await this.uploads.uploadChunks(form.files);
      return [200, {}];
    });
    route('POST', '/api/0/organizations/:org/artifactbundle/assemble/', async (req) => [200, await this.uploads.assemble(req.body)]);
    route('POST', '/api/0/organizations/:org/releases/', async (req) => [201, await this.uploads.createRelease(req.body)]);
    route('GET', '/api/0/organizations/:org/releases/:version/', async (_req, p) => [200, await this.uploads.getRelease(p.version!)]);
    route('PUT', '/api/0/organizations/:org/releases/:version/', async (req, p) => [200, await this.uploads.updateRelease(p.version!, req.body)]);
    route('POST', '/api/0/projects/:org/:project/releases/:version/files/', async (req, p) => {
      const projects = await this.uploads.resolveProjects([p.project!]);
      return [201, await this.uploads.uploadReleaseFile(projects, p.version!, await this.releaseFile(req))];
    });
    route('POST', '/api/0/organizations/:org/releases/:version/files/', async (req, p) => {
      const projects = await this.uploads.releaseProjects(p.version!);
      return [201, await this.uploads.uploadReleaseFile(projects, p.version!, await this.releaseFile(req))];
    });
  }

  private async answer(req: FastifyRequest, reply: FastifyReply, handle: (req: FastifyRequest, params: Record<string, string>) => Promise<[number, unknown]>): Promise<void> {
    try {
      await this.authenticate(req);
      const [status, body] = await handle(req, req.params as Record<string, string>);
      await reply.status(status).send(body);
    } catch (error) {
      if (error instanceof UploadError) {
        this.metrics.refuse(error.reason);
        this.logger.debug(`${req.method} ${req.url}: ${error.status} ${error.message}`);
        await reply.status(error.status).send({ detail: error.message, error: error.message });
        return;
      }
      const errorId = Math.random().toString(16).slice(2, 10);
      this.logger.error(`${req.method} ${req.url} failed (errorId ${errorId}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await reply.status(503).header('Retry-After', '10').send({ detail: `the upload could not be stored; try again (errorId ${errorId})` });
    }
  }

  private async authenticate(req: FastifyRequest): Promise<ApiTokenRecord> {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UploadError('unauthorized', 'Authentication credentials were not provided: send "Authorization: Bearer <Faultline API token>" (SENTRY_AUTH_TOKEN for sentry-cli)');
    const token = await this.projects.verifyApiToken(match[1]!);
    if (!token) throw new UploadError('unauthorized', 'Invalid token: not a Faultline API token, or revoked (create one with `npx faultline token create --scope project:releases`)');
    if (!token.scopes.some((s) => UPLOAD_SCOPES.includes(s))) {
      throw new UploadError('forbidden', `token ${token.id} lacks a release-upload scope (one of ${UPLOAD_SCOPES.join(', ')}); it has ${token.scopes.join(' ') || 'none'}`);
    }
    return token;
  }

  private baseUrl(req: FastifyRequest): string {
    if (this.config.ENRICHMENT_PUBLIC_URL) return this.config.ENRICHMENT_PUBLIC_URL;
    return `${req.protocol}://${req.headers.host ?? `127.0.0.1:${this.config.ENRICHMENT_PORT}`}`;
  }

  private async releaseFile(req: FastifyRequest): Promise<ReleaseFileUpload> {
    const form = await this.multipart(req);
    const file = form.files.find((f) => f.field === 'file');
    if (!file) throw new UploadError('bad_request', 'the multipart field "file" is required');
    const headers: Record<string, string> = {};
    for (const h of form.fields.header ?? []) {
      const colon = h.indexOf(':');
      if (colon <= 0) throw new UploadError('bad_request', `header "${h}" must be "Key:Value"`);
      headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    }
    return { name: form.fields.name?.[0] ?? file.filename, dist: form.fields.dist?.[0] || undefined, headers, content: file.data };
  }

  /** Reads a multipart body with busboy, refusing bodies past ENRICHMENT_MAX_UPLOAD_BYTES. */
  private multipart(req: FastifyRequest): Promise<Multipart> {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('multipart/form-data')) return Promise.reject(new UploadError('unsupported', `expected multipart/form-data, got "${type || 'no content type'}"`));
    const limit = this.config.ENRICHMENT_MAX_UPLOAD_BYTES;
    return new Promise((resolve, reject) => {
      const form: Multipart = { fields: {}, files: [] };
      let total = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const parser = busboy({ headers: req.headers as Record<string, string>, limits: { fileSize: limit, files: 1_000, fields: 1_000 } });
      parser.on('file', (field, stream, info) => {
        const parts: Buffer[] = [];
        stream.on('data', (d: Buffer) => {
          total += d.length;
          if (total > limit) fail(new UploadError('too_large', `Request too large: more than ${limit} bytes (ENRICHMENT_MAX_UPLOAD_BYTES)`));
          else parts.push(d);
        });
        stream.on('limit', () => fail(new UploadError('too_large', `Request too large: a part is larger than ${limit} bytes`)));
        stream.on('end', () => form.files.push({ field, filename: info.filename ?? '', data: Buffer.concat(parts) }));
      });
      parser.on('field', (name, value) => (form.fields[name] ??= []).push(value));
      parser.on('error', (error: Error) => fail(new UploadError('bad_request', `malformed multipart body: ${error.message}`)));
      parser.on('close', () => {
        if (!failed) resolve(form);
      });
      const body = (req.body as NodeJS.ReadableStream | undefined) ?? req.raw;
      body.pipe(parser);
    });
  }
}
