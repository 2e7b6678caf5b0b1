import { applyInboundFilters, type InboundFilterSettings } from './inbound-filters.js';
import { normalizeEvent } from './event-normalizer.js';
import { browserOf } from './user-agent-family.js';

const UA = {
  chrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  ie11: 'Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko',
  ie9: 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 7.1; Trident/5.0)',
  safari5: 'Mozilla/5.0 (Windows; U; Windows NT 6.1; zh-HK) AppleWebKit/533.18.1 (KHTML, like Gecko) Version/5.0.2 Safari/533.18.5',
  opera12: 'Opera/9.80 (X11; Linux i686; Ubuntu/14.10) Presto/2.12.388 Version/12.16',
  operaMini7: 'Opera/9.80 (J2ME/MIDP; Opera Mini/7.0.32796/59.323; U; fr) Presto/2.12.423 Version/12.16',
  android2: 'Mozilla/5.0 (Linux; U; Android 2.3.5; en-us; HTC Vision Build/GRI40) AppleWebKit/533.1 (KHTML, like Gecko) Version/4.0 Mobile Safari/533.1',
  chrome41: 'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bytespider: 'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
  slackbot: 'Slackbot 1.0(+https://api.slack.com/robots)',
};

const opts = { receivedAt: new Date(), maxFrames: 50 };
const event = (json: Record<string, unknown>) => normalizeEvent({ event_id: 'a'.repeat(32), ...json }, opts).event;
const keep = () => 0;
const run = (json: Record<string, unknown>, settings: InboundFilterSettings, context = {}, random = keep) => applyInboundFilters(event(json), context, settings, random);

describe('applyInboundFilters', () => {
  it('keeps everything when every filter is off', () => {
    expect(run({ release: 'x', request: { url: 'http://localhost/' } }, {}, { userAgent: UA.googlebot, clientIp: '127.0.0.1' })).toBeUndefined();
  });

  it('localhost: client ip, page url host or file:, Host header', () => {
    const on = { localhost: true };
    expect(run({}, on, { clientIp: '127.0.0.1' })).toBe('localhost');
    expect(run({}, on, { clientIp: '::1' })).toBe('localhost');
    expect(run({ request: { url: 'http://localhost:3000/app' } }, on)).toBe('localhost');
    expect(run({ request: { url: 'http://shop.localhost/app' } }, on)).toBe('localhost');
    expect(run({ request: { url: 'file:///Users/me/index.html' } }, on)).toBe('localhost');
    expect(run({ request: { headers: { Host: '127.0.0.1:8080' } } }, on)).toBe('localhost');
    expect(run({ request: { url: 'https://localhost.com/' } }, on, { clientIp: '203.0.113.9' })).toBeUndefined();
    expect(run({ request: { url: 'http://localhost/' } }, {}, { clientIp: '127.0.0.1' })).toBeUndefined();
  });

  it('browser_extensions: known values and extension sources', () => {
    const on = { browserExtensions: true };
    expect(run({ exception: { values: [{ type: 'Error', value: 'Extension context invalidated.' }] } }, on)).toBe('browser_extensions');
    const frames = [{ abs_path: 'https://app.test/main.js', function: 'a' }, { abs_path: 'chrome-extension://abcdef/content.js', function: 'b' }, { abs_path: '[native code]' }];
    expect(run({ exception: { values: [{ type: 'TypeError', value: 'x', stacktrace: { frames } }] } }, on)).toBe('browser_extensions');
    expect(run({ exception: { values: [{ type: 'TypeError', value: 'x', stacktrace: { frames: frames.slice(0, 1) } }] } }, on)).toBeUndefined();
    expect(run({ exception: { values: [{ type: 'Error', value: 'Extension context invalidated.' }] } }, {})).toBeUndefined();
  });

  it('legacy_browsers: the default list and a custom one', () => {
    for (const ua of [UA.ie11, UA.ie9, UA.safari5, UA.opera12, UA.operaMini7, UA.android2, UA.chrome41]) {
      expect(run({}, { legacyBrowsers: true }, { userAgent: ua }), ua).toBe('legacy_browsers');
    }
    for (const ua of [UA.chrome, UA.edge, UA.firefox, UA.safari, UA.googlebot]) {
      expect(run({}, { legacyBrowsers: true }, { userAgent: ua }), ua).toBeUndefined();
    }
    expect(run({}, { legacyBrowsers: [{ browser: 'Firefox', maxVersion: 128 }] }, { userAgent: UA.firefox })).toBe('legacy_browsers');
    expect(run({}, { legacyBrowsers: [{ browser: 'Firefox', maxVersion: 127 }] }, { userAgent: UA.firefox })).toBeUndefined();
    // Without a request User-Agent the event's request headers are used.
    expect(run({ request: { headers: { 'User-Agent': UA.ie11 } } }, { legacyBrowsers: true })).toBe('legacy_browsers');
    expect(run({}, { legacyBrowsers: false }, { userAgent: UA.ie11 })).toBeUndefined();
  });

  it('web_crawlers: known bots, but not Slack unfurls or browsers', () => {
    expect(run({}, { webCrawlers: true }, { userAgent: UA.googlebot })).toBe('web_crawlers');
    expect(run({}, { webCrawlers: true }, { userAgent: UA.bytespider })).toBe('web_crawlers');
    expect(run({}, { webCrawlers: true }, { userAgent: UA.slackbot })).toBeUndefined();
    expect(run({}, { webCrawlers: true }, { userAgent: UA.chrome })).toBeUndefined();
    expect(run({}, { webCrawlers: false }, { userAgent: UA.googlebot })).toBeUndefined();
  });

  it('error_messages: case-insensitive globs over "Type: value" and messages', () => {
    const settings = { errorMessages: ['*ResizeObserver loop*', 'chunkloaderror: *'] };
    expect(run({ exception: { values: [{ type: 'Error', value: 'ResizeObserver loop limit exceeded' }] } }, settings)).toBe('error_messages');
    expect(run({ exception: { values: [{ type: 'ChunkLoadError', value: 'Loading chunk 7 failed.' }] } }, settings)).toBe('error_messages');
    expect(run({ message: 'resizeobserver LOOP completed' }, settings)).toBe('error_messages');
    expect(run({ exception: { values: [{ type: 'TypeError', value: 'x is undefined' }] } }, settings)).toBeUndefined();
  });

  it('releases: globs over the release', () => {
    expect(run({ release: 'web@1.0.0-beta.3' }, { releases: ['web@*-beta.*'] })).toBe('releases');
    expect(run({ release: 'web@1.0.0' }, { releases: ['web@*-beta.*'] })).toBeUndefined();
    expect(run({}, { releases: ['*'] })).toBeUndefined();
  });

  it('sampled: keeps events whose random draw is under the rate', () => {
    expect(run({}, { sampleRate: 0.25 }, {}, () => 0.2)).toBeUndefined();
    expect(run({}, { sampleRate: 0.25 }, {}, () => 0.25)).toBe('sampled');
    expect(run({}, { sampleRate: 0 }, {}, () => 0)).toBe('sampled');
    expect(run({}, { sampleRate: 1 }, {}, () => 0.99)).toBeUndefined();
  });
});

describe('browserOf', () => {
  it('names the browser family and major version', () => {
    expect([UA.chrome, UA.edge, UA.firefox, UA.safari, UA.ie11, UA.opera12, UA.android2].map(browserOf)).toEqual([
      { family: 'Chrome', major: 131 },
      { family: 'Edge', major: 131 },
      { family: 'Firefox', major: 128 },
      { family: 'Safari', major: 17 },
      { family: 'IE', major: 11 },
      { family: 'Opera', major: 12 },
      { family: 'Android', major: 2 },
    ]);
  });
});
