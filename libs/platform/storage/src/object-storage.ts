import { Client } from 'minio';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { DEFAULT_REGION, toClientOptions, type ObjectStorageOptions } from './client-options.js';
import { isNotFound, ObjectNotFoundError } from './object-not-found.error.js';

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/** Options of {@link ObjectStorage.putGzip}. */
export interface PutOptions {
  /** Type of the uncompressed content, stored as the object's Content-Type. */
  contentType: string;
  /** User metadata, stored as `x-amz-meta-<name>` headers. */
  metadata?: Record<string, string>;
}

/** What {@link ObjectStorage.putGzip} stored. */
export interface PutResult {
  /** The object's key. */
  key: string;
  /** Size of the content before compression. */
  bytes: number;
  /** Size of the stored, compressed object. */
  compressedBytes: number;
}

/** Options of {@link ObjectStorage.getGunzip}. */
export interface GetOptions {
  /** Refuse to decompress beyond this many bytes, against compression bombs. */
  maxBytes?: number;
}

/** One entry of {@link ObjectStorage.list}. */
export interface ObjectSummary {
  /** The object's key. */
  key: string;
  /** Stored (compressed) size in bytes. */
  size: number;
  /** When the object was last written. */
  lastModified: Date;
}

/**
 * One bucket of an S3-compatible store, holding gzip-compressed objects.
 *
 * Objects are stored compressed with `Content-Encoding: gzip` and their real content
 * type, so raw events take a fraction of the space and a browser or `curl --compressed`
 * opening a presigned URL still sees the original document.
 */
export class ObjectStorage {
  /** The bucket every key refers to. */
  readonly bucket: string;
  private readonly region: string;
  private readonly client: Client;

  constructor(options: ObjectStorageOptions) {
    this.bucket = options.bucket;
    this.region = options.region ?? DEFAULT_REGION;
    this.client = new Client(toClientOptions(options));
  }

  /** Whether the bucket exists; fails when the store cannot be reached. */
  async bucketExists(): Promise<boolean> {
    return this.client.bucketExists(this.bucket);
  }

  /** Creates the bucket unless it exists; safe to call from many replicas at once. */
  async ensureBucket(): Promise<void> {
    if (await this.bucketExists()) return;
    try {
      await this.client.makeBucket(this.bucket, this.region);
    } catch (err) {
      // Another replica won the race between our check and our create.
      const code = (err as { code?: unknown }).code;
      if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
    }
  }

  /** Stores `body` gzip-compressed under `key`, replacing any previous object. */
  async putGzip(key: string, body: Buffer | string, options: PutOptions): Promise<PutResult> {
    const content = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const compressed = await gzip(content);
    const headers: Record<string, string> = {
      'Content-Type': options.contentType,
      'Content-Encoding': 'gzip',
    };
    // Prefixing here keeps a metadata name like "content-type" from replacing a real header.
    for (const [name, value] of Object.entries(options.metadata ?? {})) headers[`X-Amz-Meta-${name}`] = value;
    await this.client.putObject(this.bucket, key, compressed, compressed.length, headers);
    return { key, bytes: content.length, compressedBytes: compressed.length };
  }

  /**
   * Stores bytes that are already gzip-compressed (one or more gzip members) under `key`, with
   * `Content-Encoding: gzip`; callers that compress pieces themselves (packs of events, each
   * member readable on its own with {@link getGunzipRange}) use this instead of {@link putGzip}.
   */
  async putGzipped(key: string, compressed: Buffer, options: PutOptions): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': options.contentType, 'Content-Encoding': 'gzip' };
    for (const [name, value] of Object.entries(options.metadata ?? {})) headers[`X-Amz-Meta-${name}`] = value;
    await this.client.putObject(this.bucket, key, compressed, compressed.length, headers);
  }

  /** Stores `value` as gzip-compressed JSON under `key`. */
  async putJsonGzip(key: string, value: unknown, metadata?: Record<string, string>): Promise<PutResult> {
    return this.putGzip(key, JSON.stringify(value), { contentType: 'application/json', metadata });
  }

  /** Reads and decompresses the object at `key`; throws {@link ObjectNotFoundError} when there is none. */
  async getGunzip(key: string, options: GetOptions = {}): Promise<Buffer> {
    let stream: Readable;
    try {
      stream = await this.client.getObject(this.bucket, key);
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(this.bucket, key, { cause: err });
      throw err;
    }
    return inflate(key, await readAll(stream), options);
  }

  /** The stored (still compressed) bytes of the object at `key`; throws {@link ObjectNotFoundError} when there is none. */
  async getRaw(key: string): Promise<Buffer> {
    try {
      return await readAll(await this.client.getObject(this.bucket, key));
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(this.bucket, key, { cause: err });
      throw err;
    }
  }

  /**
   * `length` stored bytes of the object at `key` from byte `offset` (an HTTP range read), still
   * compressed; throws {@link ObjectNotFoundError} when there is no object.
   */
  async getRange(key: string, offset: number, length: number): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length <= 0) {
      throw new RangeError(`invalid range ${offset}+${length} of object "${key}"`);
    }
    let data: Buffer;
    try {
      data = await readAll(await this.client.getPartialObject(this.bucket, key, offset, length));
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(this.bucket, key, { cause: err });
      throw err;
    }
    if (data.length !== length) throw new Error(`object "${key}" is shorter than ${offset}+${length} bytes (read ${data.length})`);
    return data;
  }

  /**
   * Reads and decompresses one gzip member of the object at `key`: the `length` bytes at
   * `offset`, read with a range request so only that member is fetched and inflated. Without a
   * range (`offset` null, e.g. a row written before packs) it reads the whole object like
   * {@link getGunzip}.
   */
  async getGunzipRange(key: string, offset: number | null | undefined, length: number | null | undefined, options: GetOptions = {}): Promise<Buffer> {
    if (offset === null || offset === undefined || length === null || length === undefined) return this.getGunzip(key, options);
    return inflate(key, await this.getRange(key, offset, length), options);
  }

  /** Reads the object at `key` as JSON; the caller vouches for the type. */
  async getJson<T>(key: string, options: GetOptions = {}): Promise<T> {
    return JSON.parse((await this.getGunzip(key, options)).toString('utf8')) as T;
  }

  /** Whether an object exists at `key`. */
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.statObject(this.bucket, key);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Deletes the object at `key`; deleting a missing object is not an error. */
  async remove(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  /** A URL anyone can GET the (gzip-encoded) object with for `expirySeconds`. */
  async presignedGetUrl(key: string, expirySeconds: number): Promise<string> {
    return this.client.presignedGetObject(this.bucket, key, expirySeconds);
  }

  /** Every object whose key starts with `prefix`, in key order. */
  async list(prefix: string): Promise<ObjectSummary[]> {
    const objects: ObjectSummary[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      if (item.name === undefined) continue; // a common prefix, only reported in non-recursive listings
      objects.push({ key: item.name, size: item.size, lastModified: item.lastModified });
    }
    return objects;
  }
}

async function inflate(key: string, compressed: Buffer, options: GetOptions): Promise<Buffer> {
  try {
    return await gunzip(compressed, options.maxBytes === undefined ? {} : { maxOutputLength: options.maxBytes });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`object "${key}" decompresses to more than ${options.maxBytes} bytes`, { cause: err });
    }
    throw err;
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
