// Serializers for the request and response objects pino-http logs. They run on the
// output of pino's standard serializers, which the log-object walk never sees.
import { redactSecrets, redactUrl } from './redaction.js';

type Serialized = Record<string, unknown>;

/** Cleans a standard-serialized request: secret headers, query parameters and URL query values. */
export function redactRequest(req: Serialized): Serialized {
  // Spreading keeps only own fields, as JSON would; fields the standard serializer
  // left unset stay unset.
  const cleaned: Serialized = { ...req };
  if (typeof cleaned['url'] === 'string') cleaned['url'] = redactUrl(cleaned['url']);
  if ('query' in cleaned) cleaned['query'] = redactSecrets(cleaned['query']);
  if ('headers' in cleaned) cleaned['headers'] = redactSecrets(cleaned['headers']);
  return cleaned;
}

/** Cleans a standard-serialized response: Set-Cookie and any other secret header. */
export function redactResponse(res: Serialized): Serialized {
  const cleaned: Serialized = { ...res };
  if ('headers' in cleaned) cleaned['headers'] = redactSecrets(cleaned['headers']);
  return cleaned;
}
