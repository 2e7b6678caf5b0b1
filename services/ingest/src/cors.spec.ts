import { corsHeaders, originAllowed } from './cors.js';

describe('origins', () => {
  it('allows everything with *, and requests without an Origin (servers, CLIs)', () => {
    expect(originAllowed('https://evil.example', ['*'])).toBe(true);
    expect(originAllowed(undefined, ['https://app.example.com'])).toBe(true);
  });

  it('matches exact origins, hosts and wildcard hosts', () => {
    const allowed = ['https://app.example.com', 'shop.example.org', '*.example.net', 'https://*.example.io'];
    expect(originAllowed('https://app.example.com', allowed)).toBe(true);
    expect(originAllowed('http://app.example.com', allowed)).toBe(false);
    expect(originAllowed('https://shop.example.org', allowed)).toBe(true);
    expect(originAllowed('https://a.b.example.net', allowed)).toBe(true);
    expect(originAllowed('https://example.net', allowed)).toBe(true);
    expect(originAllowed('https://badexample.net', allowed)).toBe(false);
    expect(originAllowed('https://eu.app.example.io', allowed)).toBe(true);
    expect(originAllowed('http://eu.app.example.io', allowed)).toBe(false);
    expect(originAllowed('null', allowed)).toBe(false);
    expect(originAllowed('not a url', allowed)).toBe(false);
  });

  it('echoes an allowed origin instead of * when the project restricts origins', () => {
    expect(corsHeaders('https://app.example.com', ['https://app.example.com'])['access-control-allow-origin']).toBe('https://app.example.com');
    expect(corsHeaders('https://app.example.com')['access-control-allow-origin']).toBe('*');
  });
});
