import { normalizeUrl, stripQuerySecrets, stripUrlSecrets } from './url-normalizer.js';

describe('normalizeUrl', () => {
  it('replaces ids, UUIDs and hashes in the path and drops query, fragment and credentials', () => {
    expect(normalizeUrl('https://bob:pw@shop.example.com:8443/orders/8812/items/3f2a1c9e-1b2c-4d5e-8f90-112233445566/?tab=1#top')).toEqual({
      url: 'https://shop.example.com:8443/orders/8812/items/3f2a1c9e-1b2c-4d5e-8f90-112233445566/',
      host: 'shop.example.com:8443',
      route: '/orders/:id/items/:uuid/',
    });
    expect(normalizeUrl('https://a.example/assets/main.3f9a1c2b.js')?.route).toBe('/assets/main.:hash.js');
    expect(normalizeUrl('https://a.example/share/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b')?.route).toBe('/share/:hash');
    expect(normalizeUrl('https://a.example/u/AbCdEf0123456789xYz_Q1')?.route).toBe('/u/:hash');
    expect(normalizeUrl('https://a.example/settings/profile')?.route).toBe('/settings/profile');
  });

  it('accepts a bare path and refuses what is not a web URL', () => {
    expect(normalizeUrl('/cart/12')).toEqual({ url: '/cart/12', host: '', route: '/cart/:id' });
    expect(normalizeUrl('file:///etc/passwd')).toBeUndefined();
    expect(normalizeUrl('not a url')).toBeUndefined();
  });
});

describe('stripUrlSecrets', () => {
  it('filters secret query values and passwords, keeping other parameters', () => {
    expect(stripUrlSecrets('https://u:hunter2@api.example/x?access_token=abc&page=2&api_key=k#f')).toBe(
      'https://u:[Filtered]@api.example/x?access_token=%5BFiltered%5D&page=2&api_key=%5BFiltered%5D#f',
    );
    expect(stripUrlSecrets('https://api.example/x?page=2')).toBe('https://api.example/x?page=2');
    expect(stripQuerySecrets('q=shoes&session=s1')).toBe('q=shoes&session=%5BFiltered%5D');
  });
});
