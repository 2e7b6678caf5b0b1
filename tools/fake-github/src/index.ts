// Public surface of @faultline/fake-github: a stateful fake of api.github.com for tests and benchmarks.
export { FakeGitHub, type FakeGitHubOptions, type RecordedRequest, type WebhookDelivery } from './fake-github.js';
export { type FaultKind, type FaultSpec } from './faults.js';
export { type FakeComment, type FakeIssue, type FakeLabel } from './github-objects.js';
export { verifyAppJwt } from './jwt.js';
export { OpenApiValidator, type OperationRef, type ValidationProblem } from './openapi-validator.js';
