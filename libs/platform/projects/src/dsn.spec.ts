import { dsnFromString } from '@sentry/core';

import { formatDsn } from './dsn.js';
import { generatePublicKey } from './secrets.js';

describe('formatDsn', () => {
  const key = generatePublicKey();

  it('builds a DSN the Sentry SDK parses back to the same key, host, port and project', () => {
    const dsn = formatDsn('http://127.0.0.1:8080', key, 42);
    expect(dsn).toBe(`http://${key}@127.0.0.1:8080/42`);
    const parsed = dsnFromString(dsn);
    expect(parsed).toMatchObject({ protocol: 'http', publicKey: key, host: '127.0.0.1', port: '8080', path: '', projectId: '42' });
  });

  it('keeps a path prefix of the base URL, with or without a trailing slash', () => {
    for (const base of ['https://errors.example.com/faultline', 'https://errors.example.com/faultline/']) {
      const dsn = formatDsn(base, key, 7);
      expect(dsn).toBe(`https://${key}@errors.example.com/faultline/7`);
      expect(dsnFromString(dsn)).toMatchObject({ protocol: 'https', host: 'errors.example.com', port: '', path: 'faultline', projectId: '7' });
    }
  });

  it('refuses what would not make a valid DSN', () => {
    expect(() => formatDsn('ftp://example.com', key, 1)).toThrow(/http/);
    expect(() => formatDsn('not a url', key, 1)).toThrow(/not a URL/);
    expect(() => formatDsn('http://example.com', 'nothex', 1)).toThrow(/public key/);
    expect(() => formatDsn('http://example.com', key, 0)).toThrow(/project id/);
  });
});
