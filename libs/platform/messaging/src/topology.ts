// Declared streams and durable consumers. Services declare what they need; the
// provisioner makes the server match it at start.
import type { GenMessage } from '@bufbuild/protobuf/codegenv2';
import type { Message } from '@bufbuild/protobuf';

/** A stream as Faultline declares it (durations in milliseconds). */
export interface StreamSpec {
  name: string;
  subjects: string[];
  description?: string;
  retention?: 'limits' | 'interest' | 'workqueue';
  storage?: 'file' | 'memory';
  replicas?: number;
  maxAgeMs?: number;
  maxBytes?: number;
  maxMsgs?: number;
  maxMsgSize?: number;
  duplicateWindowMs?: number;
  discard?: 'old' | 'new';
}

/**
 * How one durable consumer delivers and redelivers. `backoffMs` is applied by the
 * transport as the delay of each nak (delivery n waits `backoffMs[n-1]`, the last
 * entry repeating); see docs/ARCHITECTURE.md for why it is not the server's
 * `backoff` field.
 */
export interface ConsumerPolicy {
  ackWaitMs: number;
  maxDeliver: number;
  backoffMs: number[];
  maxAckPending: number;
  /** Handlers running at once in one replica. */
  concurrency: number;
  /** Messages pulled ahead of processing; defaults to 2 × concurrency. */
  prefetch?: number;
  /** Wait for the server to confirm each ack (slower; for tests and strict flows). */
  ackConfirm?: boolean;
}

/** The defaults every consumer starts from unless configuration overrides them. */
export const DEFAULT_CONSUMER_POLICY: Readonly<ConsumerPolicy> = Object.freeze({
  ackWaitMs: 30_000,
  maxDeliver: 5,
  backoffMs: [1_000, 5_000, 30_000, 120_000],
  maxAckPending: 1_000,
  concurrency: 16,
  ackConfirm: false,
});

/** Decodes a message body into the handler's payload; throws on a bad body. */
export type PayloadDecoder<T = unknown> = (data: Uint8Array) => T;

/** One durable consumer bound to the `@EventPattern(filterSubject)` handler. */
export interface ConsumerBinding<T = unknown> {
  durable: string;
  stream: string;
  filterSubject: string;
  description?: string;
  deliverPolicy?: 'all' | 'new';
  /** Schema of the payload (a generated contract) or a custom decoder. */
  schema?: GenMessage<Message & T>;
  decode?: PayloadDecoder<T>;
  /** Logical subject dead letters go to (default `dlq.<durable>`). */
  deadLetterSubject?: string;
  policy?: Partial<ConsumerPolicy>;
}

/** Returns the binding's policy with defaults filled in, after checking it. */
export function resolvePolicy(binding: Pick<ConsumerBinding, 'durable' | 'policy'>): ConsumerPolicy {
  const policy: ConsumerPolicy = { ...DEFAULT_CONSUMER_POLICY, ...binding.policy };
  const problems: string[] = [];
  if (!(policy.ackWaitMs >= 1_000)) problems.push(`ackWaitMs must be at least 1000 (got ${policy.ackWaitMs})`);
  if (!(policy.maxDeliver === -1 || policy.maxDeliver >= 1)) problems.push(`maxDeliver must be -1 or at least 1 (got ${policy.maxDeliver})`);
  if (policy.backoffMs.length === 0 || policy.backoffMs.some((d) => !(d >= 0))) problems.push('backoffMs must list at least one non-negative delay');
  if (!(policy.maxAckPending >= 1)) problems.push(`maxAckPending must be at least 1 (got ${policy.maxAckPending})`);
  if (!(policy.concurrency >= 1)) problems.push(`concurrency must be at least 1 (got ${policy.concurrency})`);
  if (policy.concurrency > policy.maxAckPending) problems.push(`concurrency (${policy.concurrency}) cannot exceed maxAckPending (${policy.maxAckPending})`);
  if (problems.length > 0) throw new Error(`Consumer "${binding.durable}" has an invalid policy: ${problems.join('; ')}`);
  return policy;
}

/** Delay before redelivery after the `deliveryCount`-th failed delivery. */
export function backoffDelay(policy: Pick<ConsumerPolicy, 'backoffMs'>, deliveryCount: number): number {
  const index = Math.min(Math.max(deliveryCount, 1), policy.backoffMs.length) - 1;
  return policy.backoffMs[index] ?? 0;
}
