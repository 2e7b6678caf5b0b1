import { candidateUrls } from './candidate-urls.js';

describe('candidateUrls', () => {
  it('lists full URL, without query, ~path, ~path without query (PROTOCOLS.md §2.7)', () => {
    expect(candidateUrls('https://example.com/assets/bundle.min.js?foo=1')).toEqual([
      'https://example.com/assets/bundle.min.js?foo=1',
      'https://example.com/assets/bundle.min.js',
      '~/assets/bundle.min.js?foo=1',
      '~/assets/bundle.min.js',
    ]);
  });

  it('drops the fragment and removes duplicates', () => {
    expect(candidateUrls('https://example.com/a.js#x')).toEqual(['https://example.com/a.js', '~/a.js']);
  });

  it('treats app:/// like any URL', () => {
    expect(candidateUrls('app:///main.jsbundle?x=1')).toEqual(['app:///main.jsbundle?x=1', 'app:///main.jsbundle', '~/main.jsbundle?x=1', '~/main.jsbundle']);
  });

  it('keeps host-less strings as they are', () => {
    expect(candidateUrls('~/static/app.js')).toEqual(['~/static/app.js']);
  });
});
