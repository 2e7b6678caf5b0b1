// Builds the ingest application on Fastify with raw bodies for every content type.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IngestConfig } from './ingest.config.js';
import { IngestModule } from './ingest.module.js';

/** Creates (but does not start listening) the ingest gateway. */
export async function createIngestApp(config: IngestConfig): Promise<NestFastifyApplication> {
  // Fastify's own limit is a backstop above ours; the pipeline enforces the real one and
  // answers 413 in Sentry's format.
  // SDKs and proxies differ on trailing and doubled slashes; Relay tolerates both.
  const adapter = new FastifyAdapter({
    bodyLimit: config.INGEST_MAX_BODY_BYTES * 2,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  const fastify = adapter.getInstance();
  // Every body is handed over unread: the pipeline reads it within its limits and
  // decompresses it itself (SDKs send no content type, text/plain or the envelope type).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const app = await NestFactory.create<NestFastifyApplication>(IngestModule.forRoot(config), adapter, { bodyParser: false, bufferLogs: true });
  app.enableShutdownHooks();
  return app;
}
