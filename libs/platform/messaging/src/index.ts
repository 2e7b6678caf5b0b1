// Public surface of @faultline/platform-messaging: the JetStream transport for
// @nestjs/microservices, the publisher, provisioning and the handler result API.
export { connectNats, natsReadiness, type NatsConnectionOptions } from './connection.js';
export { consumerMetrics, type ConsumerMetrics } from './consumer-metrics.js';
export { type SettledDelivery, type SettleObserver } from './consumer-runner.js';
export { DeadLetterWriter, DLQ_HEADERS, causeName, type DeadLetterDetails } from './dead-letter-writer.js';
export { contractDecoder, jsonDecoder } from './decoders.js';
export { JetStreamExceptionFilter } from './exception-filter.js';
export {
  ack,
  retry,
  reject,
  PoisonMessageError,
  RetryableError,
  type AckResult,
  type HandlerResult,
  type RejectResult,
  type RetryResult,
} from './handler-result.js';
export { JetStreamContext } from './jetstream-context.js';
export { JetStreamServer, JETSTREAM_TRANSPORT, type JetStreamServerOptions, type ProvisionReport } from './jetstream-server.js';
export { MessagingModule, NATS_CONNECTION, NATS_NAMESPACE, type MessagingModuleOptions } from './messaging.module.js';
export { Namespace } from './namespace.js';
export { IncompatibleTopologyError, provisionConsumer, provisionStream, consumerConfig, streamConfig } from './provisioner.js';
export { JetStreamPublisher, PublishError, type PublishOptions, type PublishReceipt } from './publisher.js';
export {
  DEFAULT_CONSUMER_POLICY,
  backoffDelay,
  resolvePolicy,
  type ConsumerBinding,
  type ConsumerPolicy,
  type PayloadDecoder,
  type StreamSpec,
} from './topology.js';
export { consumerPolicyFromEnv, messagingEnv, type MessagingEnv } from './messaging-env.js';
