// Messages and exception values that differ only by ids, emails, URLs, IPs, dates and numbers → one hash.
import { create, decodeMessage, SentryEventSchema } from '@faultline/contracts';
import { fingerprintEvent } from '../src/index.js';
import { loadInput } from './support/inputs.js';

const hashOf = (formatted: string) => fingerprintEvent(create(SentryEventSchema, { message: { formatted } })).hashes[0]!.hash;

describe('message parameterisation', () => {
  it('groups messages that differ only by variable values', () => {
    expect(hashOf('User 42 not found')).toBe(hashOf('User 981273 not found'));
    expect(hashOf('Invite sent to a@b.io failed')).toBe(hashOf('Invite sent to first.last+x@corp.example.com failed'));
    expect(hashOf('GET https://api.shop.test/v1/orders/17?x=1 returned 500')).toBe(hashOf('GET http://localhost:8080/v2/carts returned 503'));
    expect(hashOf('Order 3fa85f64-5717-4562-b3fc-2c963f66afa6 stuck')).toBe(hashOf('Order 0b9e2c3d4e5f40718293a4b5c6d7e8f9 stuck'));
    expect(hashOf('Peer 192.168.1.20 dropped')).toBe(hashOf('Peer fe80::1ff:fe23:4567:890a dropped'));
    expect(hashOf('Job started 2026-11-27T10:00:00Z timed out')).toBe(hashOf('Job started 2026-01-02 03:04:05 timed out'));
    expect(hashOf('Pointer 0xdeadbeef freed twice')).toBe(hashOf('Pointer 0x7ffe12ab freed twice'));
  });

  it('keeps different messages apart', () => {
    expect(hashOf('User 42 not found')).not.toBe(hashOf('Order 42 not found'));
    expect(hashOf('Payment declined')).not.toBe(hashOf('Payment refunded'));
  });

  it('groups the corpus payment messages (ids, emails, IPv4 vs IPv6, dates)', () => {
    const h = (n: string) => fingerprintEvent(loadInput(n)).hashes[0]!.hash;
    expect(h('message-payment-1')).toBe(h('message-payment-2'));
  });

  it('groups a stackless exception by its parameterised value', () => {
    const h = (n: string) => fingerprintEvent(loadInput(n)).hashes[0]!.hash;
    expect(h('no-stack-chunk-load-451')).toBe(h('no-stack-chunk-load-87'));
  });

  it('uses the message template when the SDK sent parameters', () => {
    const a = decodeMessage(SentryEventSchema, JSON.stringify({ message: { message: 'Cart %s over limit', formatted: 'Cart c_1 over limit', params: ['c_1'] } }));
    const b = decodeMessage(SentryEventSchema, JSON.stringify({ message: { message: 'Cart %s over limit', formatted: 'Cart zz over limit', params: ['zz'] } }));
    expect(fingerprintEvent(a).hashes[0]!.hash).toBe(fingerprintEvent(b).hashes[0]!.hash);
  });

  it('falls back to one shared hash for an event with nothing to group by', () => {
    expect(fingerprintEvent(loadInput('empty-event')).hashes[0]!.hash).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});
