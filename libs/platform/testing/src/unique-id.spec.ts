import { uniqueId } from './unique-id.js';

describe('uniqueId', () => {
  it('is a short identifier safe for NATS names and unquoted PostgreSQL identifiers', () => {
    const id = uniqueId('orders');
    expect(id).toMatch(/^orders_[a-z0-9]{10}$/);
  });

  it('defaults the prefix to t', () => {
    expect(uniqueId()).toMatch(/^t_[a-z0-9]{10}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uniqueId('x')));
    expect(ids.size).toBe(1000);
  });

  it('rejects a prefix that would make an unsafe name', () => {
    expect(() => uniqueId('1abc')).toThrow(/prefix/);
    expect(() => uniqueId('a.b')).toThrow(/prefix/);
    expect(() => uniqueId('')).toThrow(/prefix/);
  });
});
