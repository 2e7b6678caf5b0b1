// The one error type of the upload API: a status and a sentence for the uploader. Answered as
// `{"detail": …, "error": …}` (Sentry's API answers `detail`; its chunk endpoint `error`).

/** Why an upload request was refused (the `reason` label of faultline_sourcemap_upload_refused_total). */
export type UploadRefusal = 'unauthorized' | 'forbidden' | 'bad_request' | 'not_found' | 'too_large' | 'checksum_mismatch' | 'unsupported';

const STATUS: Record<UploadRefusal, number> = {
  unauthorized: 401,
  forbidden: 403,
  bad_request: 400,
  not_found: 404,
  too_large: 413,
  checksum_mismatch: 400,
  unsupported: 415,
};

/** An upload refused with an HTTP status and a message saying what is wrong. */
export class UploadError extends Error {
  override name = 'UploadError';
  constructor(
    readonly reason: UploadRefusal,
    message: string,
  ) {
    super(message);
  }

  /** The HTTP status of this refusal. */
  get status(): number {
    return STATUS[this.reason];
  }
}
