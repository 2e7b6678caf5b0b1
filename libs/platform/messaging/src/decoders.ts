// Payload decoders: contract messages (the normal case) or plain JSON.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { ContractDecodeError, decodeMessage } from '@faultline/contracts';
import type { PayloadDecoder } from './topology.js';

/** Decodes the canonical JSON of `schema`; throws ContractDecodeError on a bad body. */
export function contractDecoder<Desc extends DescMessage>(schema: Desc): PayloadDecoder<MessageShape<Desc>> {
  return (data) => decodeMessage(schema, data);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes any JSON body (for subjects without a contract, such as tests and benchmarks). */
export const jsonDecoder: PayloadDecoder = (data) => {
  try {
    return JSON.parse(utf8.decode(data));
  } catch (error) {
    throw new Error(`payload is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export { ContractDecodeError };
