// Metrics of the upload API.
import { counter } from '@faultline/platform-metrics';
import type { Counter, Registry } from 'prom-client';
import type { UploadRefusal } from './upload-error.js';

/** Counters of uploads, refusals and problems found at upload time. */
export class UploadMetrics {
  readonly files: Counter<'kind'>;
  readonly refused: Counter<'reason'>;
  readonly problems: Counter<'kind'>;
  readonly chunks: Counter<never>;
  readonly chunksExpired: Counter<never>;

  constructor(registry: Registry) {
    this.files = counter(registry, { name: 'faultline_sourcemap_upload_files_total', help: 'Artifacts stored by the upload API, by kind.', labelNames: ['kind'] });
    this.refused = counter(registry, {
      name: 'faultline_sourcemap_upload_refused_total',
      help: 'Upload requests refused, by reason (unauthorized, too_large, checksum_mismatch, …).',
      labelNames: ['reason'],
    });
    this.problems = counter(registry, {
      name: 'faultline_sourcemap_upload_problems_total',
      help: 'Problems found in uploads (map_parse_error, missing_sourcemap, …), reported to the uploader.',
      labelNames: ['kind'],
    });
    this.chunks = counter(registry, { name: 'faultline_sourcemap_upload_chunks_total', help: 'Chunks received through chunk-upload.' });
    this.chunksExpired = counter(registry, {
      name: 'faultline_sourcemap_upload_chunks_expired_total',
      help: 'Uploaded chunks deleted from object storage after ENRICHMENT_CHUNK_TTL.',
    });
  }

  /** Counts a refusal. */
  refuse(reason: UploadRefusal): void {
    this.refused.inc({ reason });
  }
}
