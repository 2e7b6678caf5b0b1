import { generateApiToken, generatePublicKey, hashApiToken } from './secrets.js';

describe('secrets', () => {
  it('makes 32-hex public keys, all different', () => {
    const keys = new Set(Array.from({ length: 100 }, generatePublicKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('makes flt_ tokens and hashes them to 64 hex characters', () => {
    const token = generateApiToken();
    expect(token).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken(token)).toBe(hashApiToken(token));
    expect(hashApiToken(token)).not.toBe(hashApiToken(generateApiToken()));
  });
});
