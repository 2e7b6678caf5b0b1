import { parseUserAgent, userAgentContexts } from './user-agent.js';

const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('parseUserAgent', () => {
  it('reads browser, OS and device', () => {
    expect(parseUserAgent(CHROME_WIN)).toMatchObject({ browserName: 'Chrome', browserVersion: '126.0.0.0', osName: 'Windows', osVersion: '10', deviceFamily: 'Other' });
    expect(parseUserAgent(SAFARI_IPHONE)).toMatchObject({ browserName: 'Mobile Safari', osName: 'iOS', osVersion: '17.5', deviceFamily: 'iPhone', deviceBrand: 'Apple', deviceType: 'mobile' });
    expect(parseUserAgent(GOOGLEBOT).deviceFamily).toBe('Spider');
  });
});

describe('userAgentContexts', () => {
  it('adds browser, os and device contexts', () => {
    const out = userAgentContexts(undefined, parseUserAgent(SAFARI_IPHONE));
    expect(out).toEqual({
      browser: { type: 'browser', name: 'Mobile Safari', version: '17.5' },
      os: { type: 'os', name: 'iOS', version: '17.5' },
      device: { type: 'device', family: 'iPhone', model: 'iPhone', brand: 'Apple', device_type: 'mobile' },
    });
  });

  it('keeps contexts the SDK sent', () => {
    const sent = { browser: { name: 'Brave', version: '1.66' }, trace: { trace_id: 'a'.repeat(32) } };
    const out = userAgentContexts(sent, parseUserAgent(CHROME_WIN));
    expect(out.browser).toEqual({ name: 'Brave', version: '1.66' });
    expect(out.trace).toEqual(sent.trace);
    expect(out.os).toEqual({ type: 'os', name: 'Windows', version: '10' });
    expect(out.device).toBeUndefined();
  });
});
