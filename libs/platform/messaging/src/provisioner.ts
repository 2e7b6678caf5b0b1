// Makes the server's streams and durable consumers match what a service declares,
// idempotently: create when missing, update when a mutable setting changed, and
// refuse (with a message saying what and how to fix) when an immutable one did.
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { ConsumerBinding, ConsumerPolicy, StreamSpec } from './topology.js';

/** A declared stream or consumer cannot be reconciled with the one on the server. */
export class IncompatibleTopologyError extends Error {
  constructor(readonly resource: string, readonly differences: string[], hint: string) {
    super(`${resource} on the NATS server is incompatible with this service's declaration:\n  - ${differences.join('\n  - ')}\n${hint}`);
    this.name = 'IncompatibleTopologyError';
  }
}

/** What provisioning did to one stream or consumer. */
export type ProvisionAction = 'created' | 'updated' | 'unchanged';

const RETENTION = { limits: RetentionPolicy.Limits, interest: RetentionPolicy.Interest, workqueue: RetentionPolicy.Workqueue } as const;
const STORAGE = { file: StorageType.File, memory: StorageType.Memory } as const;
const DISCARD = { old: DiscardPolicy.Old, new: DiscardPolicy.New } as const;
const DELIVER = { all: DeliverPolicy.All, new: DeliverPolicy.New } as const;

/** The server configuration of a declared stream (`name` already namespaced). */
export function streamConfig(spec: StreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: spec.subjects,
    description: spec.description,
    retention: RETENTION[spec.retention ?? 'limits'],
    storage: STORAGE[spec.storage ?? 'file'],
    num_replicas: spec.replicas ?? 1,
    max_age: nanos(spec.maxAgeMs ?? 7 * 24 * 3_600_000),
    max_bytes: spec.maxBytes ?? -1,
    max_msgs: spec.maxMsgs ?? -1,
    max_msg_size: spec.maxMsgSize ?? -1,
    duplicate_window: nanos(spec.duplicateWindowMs ?? 2 * 60_000),
    discard: DISCARD[spec.discard ?? 'old'],
  };
}

/** The server configuration of a declared durable consumer (names already namespaced). */
export function consumerConfig(binding: ConsumerBinding, policy: ConsumerPolicy, filterSubject: string): Partial<ConsumerConfig> {
  return {
    durable_name: binding.durable,
    description: binding.description,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DELIVER[binding.deliverPolicy ?? 'all'],
    filter_subject: filterSubject,
    ack_wait: nanos(policy.ackWaitMs),
    max_deliver: policy.maxDeliver,
    max_ack_pending: policy.maxAckPending,
  };
}

function isNotFound(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

function differences<T extends object>(declared: Partial<T>, actual: T, keys: (keyof T)[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const want = declared[key];
    if (want === undefined) continue;
    const have = actual[key];
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      out.push(`${String(key)}: server has ${JSON.stringify(have)}, declared ${JSON.stringify(want)}`);
    }
  }
  return out;
}

const STREAM_IMMUTABLE: (keyof StreamConfig)[] = ['retention', 'storage'];
const STREAM_MUTABLE: (keyof StreamConfig)[] = [
  'subjects', 'description', 'num_replicas', 'max_age', 'max_bytes', 'max_msgs', 'max_msg_size', 'duplicate_window', 'discard',
];
const CONSUMER_IMMUTABLE: (keyof ConsumerConfig)[] = ['ack_policy', 'deliver_policy', 'filter_subject'];
const CONSUMER_MUTABLE: (keyof ConsumerConfig)[] = ['description', 'ack_wait', 'max_deliver', 'max_ack_pending'];

/** Creates or updates one stream; throws IncompatibleTopologyError on an immutable change. */
export async function provisionStream(jsm: JetStreamManager, spec: StreamSpec): Promise<ProvisionAction> {
  const declared = streamConfig(spec);
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(spec.name);
  } catch (error) {
    if (!isNotFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
    try {
      await jsm.streams.add(declared);
      return 'created';
    } catch (addError) {
      // Another replica created it between our lookup and our add: reconcile with theirs.
      if (!(addError instanceof JetStreamApiError)) throw addError;
      info = await jsm.streams.info(spec.name);
    }
  }
  const immutable = differences(declared, info.config, STREAM_IMMUTABLE);
  if (immutable.length > 0) {
    throw new IncompatibleTopologyError(
      `Stream ${spec.name}`,
      immutable,
      `Retention and storage cannot change on an existing stream. Migrate its data to a new stream, or delete it (nats stream rm ${spec.name}) if losing its messages is acceptable.`,
    );
  }
  const mutable = differences(declared, info.config, STREAM_MUTABLE);
  if (mutable.length === 0) return 'unchanged';
  await jsm.streams.update(spec.name, declared);
  return 'updated';
}

/** Creates or updates one durable consumer; throws IncompatibleTopologyError on an immutable change. */
export async function provisionConsumer(
  jsm: JetStreamManager,
  stream: string,
  declared: Partial<ConsumerConfig> & { durable_name?: string },
): Promise<ProvisionAction> {
  const durable = declared.durable_name as string;
  let info: ConsumerInfo;
  try {
    info = await jsm.consumers.info(stream, durable);
  } catch (error) {
    if (!isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    await jsm.consumers.add(stream, declared);
    return 'created';
  }
  const immutable = differences(declared, info.config, CONSUMER_IMMUTABLE);
  if (immutable.length > 0) {
    throw new IncompatibleTopologyError(
      `Consumer ${durable} on stream ${stream}`,
      immutable,
      `These settings cannot change on an existing durable consumer. Drain it, then delete it (nats consumer rm ${stream} ${durable}) so it is recreated from the declaration.`,
    );
  }
  const mutable = differences(declared, info.config, CONSUMER_MUTABLE);
  if (mutable.length === 0) return 'unchanged';
  await jsm.consumers.update(stream, durable, {
    description: declared.description,
    ack_wait: declared.ack_wait,
    max_deliver: declared.max_deliver,
    max_ack_pending: declared.max_ack_pending,
  });
  return 'updated';
}
