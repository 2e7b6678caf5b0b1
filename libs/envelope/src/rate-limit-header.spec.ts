import { formatRateLimits, retryAfterOf } from './rate-limit-header.js';

describe('formatRateLimits', () => {
  it('writes Relay\'s syntax', () => {
    expect(
      formatRateLimits([
        { retryAfterSeconds: 60, categories: ['error', 'transaction'], scope: 'key', reasonCode: 'key_quota' },
        { retryAfterSeconds: 1.2, categories: [], scope: 'organization' },
      ]),
    ).toBe('60:error;transaction:key:key_quota, 2::organization');
    expect(formatRateLimits([])).toBe('');
  });

  it('gives the longest limit as Retry-After', () => {
    expect(retryAfterOf([{ retryAfterSeconds: 3, categories: [], scope: 'key' }, { retryAfterSeconds: 59.5, categories: ['error'], scope: 'project' }])).toBe(60);
  });
});
