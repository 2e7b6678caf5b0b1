import { parseUrl } from './env-url.js';

describe('parseUrl', () => {
  const nats = ['nats:', 'tls:'];

  it.each(['nats://127.0.0.1:4222', 'tls://nats.example:4222', ' nats://user:pw@nats ', 'nats://[::1]:4222'])('accepts %j', (text) =>
    expect(parseUrl(text, nats)).toEqual({ ok: true, value: text.trim() }),
  );

  it.each(['', '127.0.0.1:4222', 'localhost:4222', 'http://127.0.0.1:4222', 'nats://', 'nats:///path', 'nats//host'])('rejects %j', (text) =>
    expect(parseUrl(text, nats)).toEqual({ ok: false, problem: 'must be a nats:// or tls:// URL' }),
  );
});
