import { isSecretKey, REDACT_MAX_DEPTH, redactSecrets, redactUrl } from './redaction.js';
import { redactRequest, redactResponse } from './serializers.js';

describe('isSecretKey', () => {
  it.each(['password', 'PASSWORD', 'secret', 'token', 'privateKey', 'private_key', 'sentry_key', 'sentry_secret', 'dsn', 'authorization', 'Cookie', 'set-cookie', 'x-sentry-auth'])(
    'treats %s as secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );

  it.each(['passwordHint', 'tokens', 'tokenBucketSize', 'secretName', 'host', 'user-agent', 'sentry_version'])('treats %s as not secret', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe('redactSecrets', () => {
  it('returns the same object when nothing is secret', () => {
    const value = { a: { b: [1, { c: 'd' }] } };
    expect(redactSecrets(value)).toBe(value);
  });

  it('copies only the branches it changes', () => {
    const untouched = { x: 1 };
    const value = { untouched, nested: { token: 't' } };
    const result = redactSecrets(value);
    expect(result).toEqual({ untouched, nested: { token: '[Redacted]' } });
    expect(result.untouched).toBe(untouched);
    expect(value.nested.token).toBe('t');
  });

  it('walks objects without a prototype, such as Node request headers', () => {
    const headers = Object.assign(Object.create(null) as Record<string, string>, { authorization: 'Basic x', host: 'h' });
    expect(redactSecrets(headers)).toEqual({ authorization: '[Redacted]', host: 'h' });
  });

  it('walks dictionaries built on a null-prototype object, as query-string parsers make them', () => {
    function Dictionary() {}
    Dictionary.prototype = Object.create(null) as object;
    const query = Object.assign(new (Dictionary as unknown as new () => Record<string, string>)(), { sentry_key: 'k', page: '2' });
    expect(redactSecrets({ query })).toEqual({ query: { sentry_key: '[Redacted]', page: '2' } });
  });

  it('leaves class instances to their serializers', () => {
    const error = Object.assign(new Error('e'), { token: 't' });
    expect(redactSecrets({ error }).error).toBe(error);
  });

  it(`reaches depth ${REDACT_MAX_DEPTH} and stops beyond it, which also bounds cycles`, () => {
    const nest = (depth: number): Record<string, unknown> => (depth === 0 ? { token: 't' } : { next: nest(depth - 1) });
    expect(JSON.stringify(redactSecrets(nest(REDACT_MAX_DEPTH)))).not.toContain('"t"');
    expect(JSON.stringify(redactSecrets(nest(REDACT_MAX_DEPTH + 1)))).toContain('"t"');
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    expect(() => redactSecrets(cyclic)).not.toThrow();
  });
});

describe('redactUrl', () => {
  it('replaces the Sentry key in an envelope URL and keeps other parameters', () => {
    expect(redactUrl('/api/42/envelope/?sentry_key=abc123&sentry_version=7')).toBe('/api/42/envelope/?sentry_key=%5BRedacted%5D&sentry_version=7');
  });

  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('/readyz')).toBe('/readyz');
    expect(redactUrl('/a?b=c&d')).toBe('/a?b=c&d');
  });

  it('replaces repeated and differently cased secret parameters', () => {
    expect(redactUrl('/x?Token=1&token=2')).not.toMatch(/=1|=2/);
  });
});

describe('request and response serializers', () => {
  it('clean headers, query and URL of a serialized request', () => {
    const req = {
      id: 'r',
      method: 'POST',
      url: '/api/1/store/?sentry_key=k',
      query: { sentry_key: 'k' },
      headers: { 'x-sentry-auth': 'Sentry sentry_key=k', 'content-type': 'application/json' },
    };
    expect(redactRequest(req)).toEqual({
      id: 'r',
      method: 'POST',
      url: '/api/1/store/?sentry_key=%5BRedacted%5D',
      query: { sentry_key: '[Redacted]' },
      headers: { 'x-sentry-auth': '[Redacted]', 'content-type': 'application/json' },
    });
  });

  it('do not add fields the standard serializer left out', () => {
    expect(redactRequest({ method: 'GET' })).toEqual({ method: 'GET' });
    expect(redactResponse({ statusCode: 204 })).toEqual({ statusCode: 204 });
  });

  it('clean Set-Cookie from a serialized response', () => {
    expect(redactResponse({ statusCode: 200, headers: { 'set-cookie': ['a=b'], 'content-length': '2' } })).toEqual({
      statusCode: 200,
      headers: { 'set-cookie': '[Redacted]', 'content-length': '2' },
    });
  });
});
