import { extractAuth } from './auth.js';
import { parseDsn } from './dsn.js';
import { IngestError } from './errors.js';

const KEY = '0123456789abcdef0123456789abcdef';
const none = { query: {}, headers: {} };

function fails(input: Parameters<typeof extractAuth>[0], kind: string, pattern: RegExp): void {
  try {
    extractAuth(input);
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).kind).toBe(kind);
    expect((err as IngestError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected extractAuth to throw');
}

describe('extractAuth', () => {
  it('reads X-Sentry-Auth (sentry-cli, other SDKs)', () => {
    const headers = { 'x-sentry-auth': `Sentry sentry_version=7, sentry_client=sentry-cli/2.0, sentry_key=${KEY}, sentry_secret=s` };
    expect(extractAuth({ ...none, headers })).toEqual({ publicKey: KEY, version: 7, client: 'sentry-cli/2.0', source: 'x-sentry-auth' });
  });

  it('reads Authorization: Sentry, case-insensitively and without the sentry_ prefix', () => {
    expect(extractAuth({ ...none, headers: { Authorization: `sentry key=${KEY.toUpperCase()}, version=7` } })).toEqual({ publicKey: KEY, version: 7, source: 'authorization' });
  });

  it('reads Authorization: Basic', () => {
    const headers = { authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` };
    expect(extractAuth({ ...none, headers })).toEqual({ publicKey: KEY, source: 'basic' });
  });

  it('reads the query string the browser SDK uses', () => {
    const query = { sentry_version: '7', sentry_key: KEY, sentry_client: 'sentry.javascript.browser/11.12.0' };
    expect(extractAuth({ query, headers: {} })).toEqual({ publicKey: KEY, version: 7, client: 'sentry.javascript.browser/11.12.0', source: 'query' });
  });

  it('reads the envelope dsn only when nothing else is present', () => {
    const envelopeDsn = `https://${KEY}@faultline.example.com/42`;
    expect(extractAuth({ ...none, envelopeDsn })).toEqual({ publicKey: KEY, source: 'envelope-dsn' });
    const other = 'fedcba9876543210fedcba9876543210';
    expect(extractAuth({ query: { sentry_key: other }, headers: {}, envelopeDsn }).publicKey).toBe(other);
  });

  it('ignores other Authorization schemes (a proxy\'s Bearer token)', () => {
    expect(extractAuth({ query: { sentry_key: KEY }, headers: { authorization: 'Bearer abc' } }).source).toBe('query');
  });

  it('refuses two sources at once', () => {
    fails({ query: { sentry_key: KEY }, headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}` } }, 'multiple_auth', /multiple authorization payloads detected \(x-sentry-auth and query\)/);
    fails({ query: {}, headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}`, authorization: `Sentry sentry_key=${KEY}` } }, 'multiple_auth', /x-sentry-auth and authorization/);
  });

  it('refuses missing auth, bad keys and malformed headers', () => {
    fails(none, 'missing_auth', /missing authorization information/);
    fails({ query: { sentry_version: '7' }, headers: {} }, 'missing_auth', /no sentry_key/);
    fails({ query: { sentry_key: 'abc' }, headers: {} }, 'bad_auth', /public key must be 32 hex digits, got "abc"/);
    fails({ query: {}, headers: { 'x-sentry-auth': 'Token abc' } }, 'bad_auth', /bad x-sentry-auth header: must start with "Sentry "/);
    fails({ query: {}, headers: { 'x-sentry-auth': 'Sentry sentry_version=7' } }, 'bad_auth', /bad x-sentry-auth header: no sentry_key/);
    fails({ ...none, envelopeDsn: 'not a dsn' }, 'bad_auth', /invalid dsn "not a dsn": not a URL/);
    fails({ query: { sentry_key: KEY, sentry_version: 'seven' }, headers: {} }, 'bad_auth', /sentry_version "seven" is not a number/);
  });

  it('refuses protocol versions above 7', () => {
    fails({ query: { sentry_key: KEY, sentry_version: '8' }, headers: {} }, 'unsupported_version', /unsupported protocol version \(8\)/);
  });
});

describe('parseDsn', () => {
  it('splits a DSN with a path prefix and port', () => {
    expect(parseDsn(`http://${KEY}:secret@localhost:8080/sub/path/42`)).toEqual({ publicKey: KEY, projectId: '42', host: 'localhost:8080', protocol: 'http', path: '/sub/path' });
    expect(parseDsn(`https://${KEY}@o1.ingest.sentry.io/7`)).toEqual({ publicKey: KEY, projectId: '7', host: 'o1.ingest.sentry.io', protocol: 'https', path: '' });
  });

  it('refuses DSNs without key, project or with another protocol', () => {
    expect(() => parseDsn('https://h/1')).toThrow(/missing public key/);
    expect(() => parseDsn(`https://${KEY}@h/`)).toThrow(/numeric project id/);
    expect(() => parseDsn(`ftp://${KEY}@h/1`)).toThrow(/protocol must be http or https/);
  });
});
