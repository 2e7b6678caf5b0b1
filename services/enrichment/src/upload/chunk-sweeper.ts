// Deletes uploaded chunks once they are older than ENRICHMENT_CHUNK_TTL. Chunks only exist to be
// assembled: the files of an assembled bundle are stored under artifacts/, so without this the
// bucket would hold every upload twice. A chunk deleted too early costs a re-upload, never a
// lost file: assemble reports it in `missingChunks` and sentry-cli sends it again. Every replica
// sweeps; deleting the same chunk twice is harmless.
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ArtifactIndex } from '@faultline/platform-artifacts';

import { APP_CONFIG } from '@faultline/platform-config';

import type { EnrichmentConfig } from '../enrichment.config.js';
import { UploadMetrics } from './upload-metrics.js';

@Injectable()
export class ChunkSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChunkSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: EnrichmentConfig,
    @Inject(ArtifactIndex) private readonly index: ArtifactIndex,
    @Inject(UploadMetrics) private readonly metrics: UploadMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ENRICHMENT_CHUNK_TTL === 0) return;
    this.timer = setInterval(() => void this.sweep(), this.config.ENRICHMENT_CHUNK_SWEEP_INTERVAL);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass (skipped while the previous one runs); failures are logged and retried next time. */
  sweep(): Promise<void> {
    this.running ??= (async () => {
      try {
        const deleted = await this.index.deleteChunksBefore(new Date(Date.now() - this.config.ENRICHMENT_CHUNK_TTL));
        this.metrics.chunksExpired.inc(deleted);
        if (deleted > 0) this.logger.log(`deleted ${deleted} uploaded chunk(s) older than ${this.config.ENRICHMENT_CHUNK_TTL / 1000} s`);
      } catch (error) {
        this.logger.warn(`could not delete expired chunks (next try in ${this.config.ENRICHMENT_CHUNK_SWEEP_INTERVAL / 1000} s): ${(error as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
