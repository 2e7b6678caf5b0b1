// Stream payloads are the canonical proto3 JSON form of the proto/ messages, one line each, so
// `nats sub` output is readable and pipes into jq. Fields holding their default value are left out,
// as canonical proto3 JSON does; decoding is strict (unknown keys are errors) so that a producer
// ahead of its consumer's contract fails loudly instead of losing data.
import { fromJson } from '@bufbuild/protobuf';
import type { DescMessage, JsonValue, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { ContractDecodeError } from './contract-decode-error.js';
import { writeJson } from './json-writer.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes a message (or a plain object of its shape) as single-line canonical proto3 JSON, exactly
 * as protobuf-es' `toJsonString(schema, create(schema, message))` would, in one pass (json-writer.ts).
 */
export function encodeMessage<Desc extends DescMessage>(schema: Desc, message: MessageInitShape<Desc>): string {
  return writeJson(schema, message);
}

/** Decodes a stream payload into a message of `schema`, or throws ContractDecodeError saying what is wrong. */
export function decodeMessage<Desc extends DescMessage>(schema: Desc, data: Uint8Array | string): MessageShape<Desc> {
  const name = schema.typeName;
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else {
    try {
      text = utf8.decode(data);
    } catch (err) {
      throw new ContractDecodeError(name, `payload is not valid UTF-8 (${data.byteLength} bytes)`, { cause: err });
    }
  }
  if (text.trim() === '') throw new ContractDecodeError(name, 'payload is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ContractDecodeError(name, `payload is not valid JSON (${errorText(err)})`, { cause: err });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ContractDecodeError(name, `payload must be a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  try {
    return fromJson(schema, json as JsonValue);
  } catch (err) {
    // protobuf-es prefixes its messages with "cannot decode message <name> from JSON: ", which our own
    // prefix already says.
    const detail = errorText(err).replace(/^cannot decode message \S+ from JSON: /, '');
    throw new ContractDecodeError(name, detail, { cause: err });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
