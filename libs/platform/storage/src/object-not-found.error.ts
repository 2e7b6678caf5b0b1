/** Thrown when a key has no object in the bucket, so callers can tell "missing" from "failed". */
export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';

  constructor(
    /** The bucket that was asked. */
    readonly bucket: string,
    /** The key that has no object. */
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`object "${key}" not found in bucket "${bucket}"`, options);
  }
}

/** Whether a minio error means that the object (or its bucket) does not exist. */
export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchBucket';
}
