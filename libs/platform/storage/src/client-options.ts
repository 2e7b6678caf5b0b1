import type { ClientOptions } from 'minio';

/** Connection settings of an {@link ObjectStorage}. */
export interface ObjectStorageOptions {
  /** Base URL of the S3 API, e.g. `http://127.0.0.1:9000` or `https://s3.eu-west-1.amazonaws.com`. */
  endpoint: string;
  /** Access key id. */
  accessKey: string;
  /** Secret access key. */
  secretKey: string;
  /** Bucket all keys live in. */
  bucket: string;
  /** Region to sign for and create the bucket in (default `us-east-1`). */
  region?: string;
}

/** Region used when none is configured; also what MinIO and s3rver expect by default. */
export const DEFAULT_REGION = 'us-east-1';

/**
 * Turns the endpoint URL into minio client options.
 *
 * Path-style requests are forced because MinIO, s3rver and most self-hosted stores do not
 * resolve bucket sub-domains, and the region is always set so that minio never has to
 * ask the server for it before signing.
 */
export function toClientOptions(options: ObjectStorageOptions): ClientOptions {
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    throw new Error(`invalid object storage endpoint "${options.endpoint}": expected a URL like http://host:9000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`invalid object storage endpoint "${options.endpoint}": expected http or https`);
  }
  if (url.pathname !== '/' || url.search !== '') {
    throw new Error(`invalid object storage endpoint "${options.endpoint}": expected no path or query`);
  }
  const useSSL = url.protocol === 'https:';
  return {
    endPoint: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
    useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region: options.region ?? DEFAULT_REGION,
    pathStyle: true,
  };
}
