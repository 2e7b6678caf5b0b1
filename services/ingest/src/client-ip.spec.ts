import { clientIp } from './client-ip.js';

describe('client IP', () => {
  it('uses the connection address unless a trusted proxy says otherwise', () => {
    expect(clientIp('203.0.113.7', '198.51.100.1', false)).toBe('203.0.113.7');
    expect(clientIp('10.0.0.2', '198.51.100.1, 10.0.0.1', true)).toBe('198.51.100.1');
    expect(clientIp('10.0.0.2', ['198.51.100.9', '10.0.0.1'], true)).toBe('198.51.100.9');
    expect(clientIp('10.0.0.2', undefined, true)).toBe('10.0.0.2');
  });

  it('unwraps IPv4-mapped IPv6 addresses', () => {
    expect(clientIp('::ffff:127.0.0.1', undefined, false)).toBe('127.0.0.1');
    expect(clientIp('2001:db8::1', undefined, false)).toBe('2001:db8::1');
    expect(clientIp(undefined, undefined, false)).toBeUndefined();
  });
});
