// The shapes of the generated registry (src/gen/registry.ts), kept by hand so that they are
// type-checked and linted like any other code; scripts/gen-contracts.mjs fills them in from proto/registry.
import type { DescMessage } from '@bufbuild/protobuf';

/** A JetStream stream as declared in proto/registry/streams.yaml. */
export interface StreamContract {
  /** Stream name, e.g. "EVENTS". */
  readonly name: string;
  /** Subjects the stream captures, e.g. ["events.>"]. */
  readonly subjects: readonly string[];
  /** NATS retention policy. */
  readonly retention: 'limits' | 'interest' | 'workqueue';
  /** NATS storage type. */
  readonly storage: 'file' | 'memory';
  /** Maximum message age in milliseconds (NATS wants nanoseconds: use nanos()). */
  readonly maxAgeMs: number;
  /** Nats-Msg-Id de-duplication window in milliseconds. */
  readonly duplicateWindowMs: number;
  /** What the stream is for. */
  readonly description: string;
}

/** A family of subjects carrying one message type, as declared in proto/registry/<subject-key>.yaml. */
export interface SubjectContract {
  /** Subject key: the camelCased registry file name, e.g. "eventsIngested". */
  readonly key: string;
  /** Subject pattern covering the family, e.g. "events.ingested.>". */
  readonly subject: string;
  /** Literal tokens before the wildcard, e.g. "events.ingested". */
  readonly subjectPrefix: string;
  /** Shape of a concrete subject, e.g. "events.ingested.<project_id>". */
  readonly concreteSubject: string;
  /** Names of the tokens after the prefix, e.g. ["project_id"]. */
  readonly tokens: readonly string[];
  /** Stream that stores the subjects. */
  readonly stream: string;
  /** Full protobuf name of the payload, e.g. "faultline.v1.IngestedEvent". */
  readonly messageName: string;
  /** Generated schema of the payload, for encodeMessage and decodeMessage. */
  readonly schema: DescMessage;
  /** Service that publishes the subjects ("*" = every consumer's transport). */
  readonly producer: string;
  /** Durable consumers reading the subjects. */
  readonly consumers: readonly string[];
  /** Dead-letter subject of each consumer. */
  readonly deadLetterSubjects: Readonly<Record<string, string>>;
  /** What the subjects carry. */
  readonly description: string;
  /** Example payload, relative to the repository root. */
  readonly example: string;
}

/** A durable pull consumer, shared by every replica of the consuming service. */
export interface ConsumerContract {
  /** Durable name. */
  readonly durable: string;
  /** Stream the consumer reads. */
  readonly stream: string;
  /** The consumer's filter_subject (one per consumer: NATS 2.9). */
  readonly filterSubject: string;
  /** Key of the subject family in SUBJECTS. */
  readonly subjectKey: string;
  /** Where the consumer's transport publishes messages it gives up on. */
  readonly deadLetterSubject: string;
}
