// Reads a request body within two limits: bytes on the wire, and bytes after
// decompression. Decompression is streamed and stops at the limit, so a gzip bomb
// costs at most the limit in memory, never its full expanded size.
import { DiscardReason } from '@faultline/contracts';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { IngestHttpError, invalid, tooLarge } from './ingest-error.js';
import { Outcome } from '@faultline/contracts';

/** The limits of one request body. */
export interface BodyLimits {
  maxBodyBytes: number;
  maxDecompressedBytes: number;
}

type Decoder = () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | NodeJS.ReadWriteStream;

const zstd = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress;

const DECODERS: Record<string, Decoder | undefined> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
  zstd: zstd ? () => zstd() : undefined,
};

/** Content encodings this Node.js can decompress (zstd needs Node 22.15+). */
export const SUPPORTED_ENCODINGS = Object.keys(DECODERS).filter((k) => DECODERS[k]);

/** Reads and decompresses `stream` according to `contentEncoding`, enforcing `limits`. */
export async function readBody(stream: Readable, contentEncoding: string | undefined, limits: BodyLimits): Promise<Buffer> {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    // Empty and `utf-8` encodings are sent by some old SDKs and mean "not compressed" (Relay strips them).
    .filter((e) => e !== '' && e !== 'identity' && e !== 'utf-8' && e !== 'utf8');
  for (const e of encodings) {
    if (!(e in DECODERS)) {
      throw new IngestHttpError(415, `unsupported content encoding "${e}" (supported: ${SUPPORTED_ENCODINGS.join(', ')})`, Outcome.INVALID, DiscardReason.CONTENT_ENCODING_INVALID);
    }
    if (!DECODERS[e]) {
      throw new IngestHttpError(415, `content encoding "${e}" is not supported by this server's Node.js (supported: ${SUPPORTED_ENCODINGS.join(', ')})`, Outcome.INVALID, DiscardReason.CONTENT_ENCODING_INVALID);
    }
  }
  const raw = await collect(stream, limits.maxBodyBytes, () =>
    tooLarge(`request body exceeds ${limits.maxBodyBytes} bytes`, DiscardReason.PAYLOAD_TOO_LARGE),
  );
  let body = raw;
  // Encodings apply in the order listed, so they are undone in reverse.
  for (const e of encodings.reverse()) {
    body = await decompress(body, (DECODERS[e] as Decoder)(), limits.maxDecompressedBytes, e);
  }
  if (encodings.length === 0 && body.length > limits.maxDecompressedBytes) {
    throw tooLarge(`request body exceeds ${limits.maxDecompressedBytes} bytes`, DiscardReason.DECOMPRESSED_TOO_LARGE);
  }
  return body;
}

function collect(stream: Readable, max: number, overflow: () => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      stream.removeAllListeners('data');
      stream.resume(); // drain the rest so the connection can answer
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return fail(overflow());
      chunks.push(chunk);
    });
    stream.once('error', (error) => fail(invalid(`could not read the request body: ${error.message}`, DiscardReason.ENVELOPE_INVALID)));
    stream.once('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
  });
}

function decompress(input: Buffer, decoder: NodeJS.ReadWriteStream, max: number, encoding: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      (decoder as unknown as { destroy?: () => void }).destroy?.();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    decoder.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) return finish(tooLarge(`decompressed body exceeds ${max} bytes`, DiscardReason.DECOMPRESSED_TOO_LARGE));
      chunks.push(chunk);
    });
    decoder.once('error', (error: Error) =>
      finish(invalid(`body is not valid ${encoding} data: ${error.message}`, DiscardReason.CONTENT_ENCODING_INVALID)),
    );
    decoder.once('end', () => finish());
    decoder.end(input);
  });
}
