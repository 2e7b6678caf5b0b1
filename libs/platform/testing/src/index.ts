// Public surface of @faultline/platform-testing: helpers for the integration tests of
// every project, against the real NATS, PostgreSQL and an in-process s3rver.
export { freePort } from './free-port.js';
export { cleanupStreams } from './jetstream-cleanup.js';
export { startS3rver, type StartS3rverOptions, type StartedS3rver } from './s3rver-server.js';
export { createTestSchema, type TestSchema, type TestSchemaOptions } from './test-schema.js';
export { testDatabaseUrl, testNatsUrl } from './test-urls.js';
export { serviceEnv, type ServiceEnvOptions } from './service-env.js';
export { uniqueId } from './unique-id.js';
export { TimeoutError, waitFor, withTimeout, type WaitForOptions } from './wait-for.js';
export { syntheticEnrichedEvent, syntheticFrames, type SyntheticEventOptions, type SyntheticFrame } from './synthetic-events.js';
