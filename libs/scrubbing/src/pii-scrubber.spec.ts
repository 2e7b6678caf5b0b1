// Each rule on a real browser event, once on and once off.
import { piiConfig, type PiiConfig } from './pii-config.js';
import { scrubEvent } from './pii-scrubber.js';

/** An event as @sentry/browser sends it (canonical JSON), with one value for every rule. */
function realEvent(): Record<string, unknown> {
  return {
    event_id: 'a3f1c2d4e5f60718293a4b5c6d7e8f90',
    platform: 'javascript',
    release: 'shop@1.4.2',
    message: { message: 'checkout failed for jane.doe@example.com with card 4111 1111 1111 1111' },
    exception: {
      values: [
        {
          type: 'Error',
          value: 'payment refused: 5500-0000-0000-0004 (order 1234567890123)',
          stacktrace: { frames: [{ filename: 'https://shop.example.com/app.js', function: 'authenticate', lineno: 1, colno: 2, vars: { password: 'hunter2' } }] },
        },
      ],
    },
    breadcrumbs: {
      values: [
        { category: 'console', message: 'login as bob@example.org' },
        { category: 'fetch', data: { url: 'https://api.example.com/v1/me?access_token=tok123&page=2', method: 'GET' } },
        { category: 'xhr', message: 'sent Authorization: Bearer eyJhbGciOi.abc.def' },
      ],
    },
    request: {
      url: 'https://bob:pw@shop.example.com/checkout?session=s-991&step=2',
      query_string: 'session=s-991&step=2',
      headers: { 'User-Agent': 'Mozilla/5.0', Authorization: 'Bearer abc.def', Cookie: 'sid=1', 'X-Forwarded-For': '203.0.113.9' },
      cookies: { sid: '1' },
      env: { REMOTE_ADDR: '203.0.113.9' },
    },
    user: { id: 'u-1', email: 'jane.doe@example.com', ip_address: '203.0.113.9' },
    extra: { api_key: 'k-123', apiKey: 'k-456', nested: { credentials: { user: 'x', pass: 'y' } }, count: 3 },
    contexts: { trace: { trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' } },
    tags: { customer: 'acme' },
  };
}

const off = (rule: keyof PiiConfig): PiiConfig => piiConfig({ [rule]: false });
const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

describe('scrubEvent', () => {
  it('@password: values of sensitive keys are replaced, on and off', () => {
    const on = realEvent();
    const { changes } = scrubEvent(on, piiConfig());
    expect(get(on, 'request.headers.Authorization')).toBe('[Filtered]');
    expect(get(on, 'request.headers.Cookie')).toBe('[Filtered]');
    expect(get(on, 'request.cookies.sid')).toBe('[Filtered]');
    expect(get(on, 'extra.api_key')).toBe('[Filtered]');
    expect(get(on, 'extra.apiKey')).toBe('[Filtered]');
    expect(get(on, 'extra.nested.credentials.pass')).toBe('[Filtered]');
    expect(get(on, 'exception.values.0.stacktrace.frames.0.vars.password')).toBe('[Filtered]');
    expect(get(on, 'extra.count')).toBe(3);
    expect(get(on, 'request.headers.User-Agent')).toBe('Mozilla/5.0');
    expect(get(on, 'exception.values.0.stacktrace.frames.0.function')).toBe('authenticate');
    expect(changes).toContainEqual({ path: 'request.headers.Cookie', rule: '@password', method: 'replace' });

    const kept = realEvent();
    scrubEvent(kept, off('sensitiveKeys'));
    expect(get(kept, 'extra.api_key')).toBe('k-123');
    expect(get(kept, 'request.headers.Cookie')).toBe('sid=1');
  });

  it('@creditcard: Luhn-valid card numbers are replaced, other digit runs kept, on and off', () => {
    const on = realEvent();
    const { changes } = scrubEvent(on, piiConfig());
    expect(get(on, 'message.message')).toContain('with card [creditcard]');
    expect(get(on, 'exception.values.0.value')).toBe('payment refused: [creditcard] (order 1234567890123)');
    expect(changes).toContainEqual({ path: 'exception.values.0.value', rule: '@creditcard', method: 'replace' });

    const kept = realEvent();
    scrubEvent(kept, off('creditCards'));
    expect(get(kept, 'exception.values.0.value')).toContain('5500-0000-0000-0004');
  });

  it('@email: addresses in messages and breadcrumbs are masked, on and off', () => {
    const on = realEvent();
    const { changes } = scrubEvent(on, piiConfig());
    expect(get(on, 'message.message')).toContain('checkout failed for j*******@example.com');
    expect(get(on, 'breadcrumbs.values.0.message')).toBe('login as b**@example.org');
    expect(get(on, 'user.email')).toBe('jane.doe@example.com');
    expect(changes).toContainEqual({ path: 'breadcrumbs.values.0.message', rule: '@email', method: 'mask' });

    const kept = realEvent();
    scrubEvent(kept, off('emails'));
    expect(get(kept, 'breadcrumbs.values.0.message')).toBe('login as bob@example.org');
  });

  it('@ip: the user address, REMOTE_ADDR and forwarding headers go unless the project stores IPs, and with the rule off', () => {
    const on = realEvent();
    const { changes } = scrubEvent(on, piiConfig());
    expect(get(on, 'user.ip_address')).toBeUndefined();
    expect(get(on, 'request.env.REMOTE_ADDR')).toBeUndefined();
    expect(get(on, 'request.headers.X-Forwarded-For')).toBeUndefined();
    expect(changes).toContainEqual({ path: 'user.ip_address', rule: '@ip', method: 'remove' });

    const stored = realEvent();
    scrubEvent(stored, piiConfig(), { storeIp: true });
    expect(get(stored, 'user.ip_address')).toBe('203.0.113.9');

    const kept = realEvent();
    scrubEvent(kept, off('ipAddresses'));
    expect(get(kept, 'user.ip_address')).toBe('203.0.113.9');
    expect(get(kept, 'request.env.REMOTE_ADDR')).toBe('203.0.113.9');
  });

  it('@bearer and @urlsecret: bearer tokens and URL secrets are filtered, on and off', () => {
    const on = realEvent();
    const { changes } = scrubEvent(on, piiConfig({ sensitiveKeys: false }));
    expect(get(on, 'request.headers.Authorization')).toBe('Bearer [Filtered]');
    expect(get(on, 'breadcrumbs.values.2.message')).toBe('sent Authorization: Bearer [Filtered]');
    expect(get(on, 'breadcrumbs.values.1.data.url')).toBe('https://api.example.com/v1/me?access_token=%5BFiltered%5D&page=2');
    expect(get(on, 'request.url')).toBe('https://bob:[Filtered]@shop.example.com/checkout?session=%5BFiltered%5D&step=2');
    expect(get(on, 'request.query_string')).toBe('session=%5BFiltered%5D&step=2');
    expect(changes).toContainEqual({ path: 'request.url', rule: '@urlsecret', method: 'replace' });

    const kept = realEvent();
    scrubEvent(kept, piiConfig({ sensitiveKeys: false, bearerTokens: false, emails: false }));
    expect(get(kept, 'request.headers.Authorization')).toBe('Bearer abc.def');
    expect(get(kept, 'request.url')).toBe('https://bob:pw@shop.example.com/checkout?session=s-991&step=2');
  });

  it('extra and safe keys, the master switch, and protocol fields', () => {
    const custom = realEvent();
    scrubEvent(custom, piiConfig({ extraKeys: ['customer'], safeKeys: ['apiKey'] }));
    expect(get(custom, 'tags.customer')).toBe('[Filtered]');
    expect(get(custom, 'extra.apiKey')).toBe('k-456');

    const disabled = realEvent();
    expect(scrubEvent(disabled, piiConfig({ enabled: false })).changes).toEqual([]);
    expect(disabled).toEqual(realEvent());

    const on = realEvent();
    scrubEvent(on, piiConfig());
    expect(get(on, 'contexts.trace')).toEqual(realEvent().contexts && (realEvent().contexts as { trace: unknown }).trace);
    expect(get(on, 'event_id')).toBe('a3f1c2d4e5f60718293a4b5c6d7e8f90');
  });

  it('records at most maxRecorded changes but applies all', () => {
    const event = { extra: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`token${i}`, 'x'])) };
    const result = scrubEvent(event, piiConfig(), { maxRecorded: 3 });
    expect(result.changes).toHaveLength(3);
    expect(result.unrecorded).toBe(7);
    expect(Object.values(event.extra).every((v) => v === '[Filtered]')).toBe(true);
  });
});
