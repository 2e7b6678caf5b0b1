import { InvalidInputError } from './errors.js';
import { assertGithubRepo, assertLimit, assertOrigins, assertSlug, parseInboundFilters } from './validation.js';

describe('validation', () => {
  it('accepts slugs of lower-case letters, digits and dashes, but not only digits', () => {
    for (const slug of ['web', 'web-app-2', '1password']) expect(() => assertSlug(slug)).not.toThrow();
    for (const slug of ['', 'Web', '-web', 'web_app', '42', 'a'.repeat(65)]) expect(() => assertSlug(slug)).toThrow(InvalidInputError);
  });

  it('accepts owner/name repositories only', () => {
    expect(() => assertGithubRepo('acme/web.app')).not.toThrow();
    for (const repo of ['acme', 'acme/web/x', 'https://github.com/acme/web']) expect(() => assertGithubRepo(repo)).toThrow(/owner\/name/);
  });

  it('accepts positive whole limits or none', () => {
    for (const value of [undefined, null, 1, 500]) expect(() => assertLimit('burst', value)).not.toThrow();
    for (const value of [0, -1, 1.5]) expect(() => assertLimit('burst', value)).toThrow(/burst must be a positive whole number/);
  });

  it('accepts "*", origins and wildcard subdomains', () => {
    expect(() => assertOrigins(['*', 'https://app.example.com', 'http://localhost:3000', 'https://*.example.com'])).not.toThrow();
    for (const origin of ['app.example.com', 'https://app.example.com/', 'https://app.example.com/path']) {
      expect(() => assertOrigins([origin])).toThrow(/invalid origin/);
    }
  });

  it('checks inbound filters strictly and names the bad key', () => {
    expect(parseInboundFilters({ localhost: true, errorMessages: ['ResizeObserver*'], sampleRate: 0.5 })).toEqual({
      localhost: true,
      errorMessages: ['ResizeObserver*'],
      sampleRate: 0.5,
    });
    expect(() => parseInboundFilters({ sampleRate: 2 })).toThrow(/at sampleRate/);
    expect(() => parseInboundFilters({ crawlers: true })).toThrow(/invalid inbound filters/);
  });
});
