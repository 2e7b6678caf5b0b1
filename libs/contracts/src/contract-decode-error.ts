// The one error decodeMessage throws, so a consumer's transport can tell "this payload can never be
// decoded" (dead-letter it as UNDECODABLE) from a failure worth retrying.

/** Thrown when a stream payload is not valid UTF-8, not JSON, or not the expected message type. */
export class ContractDecodeError extends Error {
  override readonly name = 'ContractDecodeError';

  /**
   * @param messageName full protobuf name of the expected message, e.g. "faultline.v1.IngestedEvent"
   * @param detail what is wrong with the payload, in one sentence fragment
   */
  constructor(
    readonly messageName: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${messageName}: ${detail}`, options);
  }
}
