// The error part of a new issue's body, from an enriched event: top in-app frames innermost first
// with their source context, breadcrumbs, tags and trace id.
import { create, SentryEventSchema } from '@faultline/contracts';
import { eventDigest, stacktraceMarkdown } from './event-digest.js';

const event = create(SentryEventSchema, {
  exception: {
    values: [
      {
        type: 'TypeError',
        value: "Cannot read properties of undefined (reading 'reduce')",
        stacktrace: {
          frames: [
            { filename: 'node_modules/react-dom/index.js', function: 'commit', lineno: 10, colno: 2, inApp: false },
            { filename: 'src/main.js', function: 'onShowTotal', lineno: 16, colno: 10, inApp: true, contextLine: '  return cartTotal({});' },
            {
              filename: 'src/cart.js',
              function: 'cartTotal',
              lineno: 3,
              colno: 21,
              inApp: true,
              preContext: ['// The cart total', 'export function cartTotal(cart) {'],
              contextLine: '  return cart.items.reduce((sum, item) => sum + item.price, 0);',
              postContext: ['}'],
            },
          ],
        },
      },
    ],
  },
  breadcrumbs: { values: [{ category: 'ui.click', message: 'button#total | now', timestamp: { seconds: 1_795_000_000n, nanos: 0 } }] },
  tags: { route: '/checkout' },
  contexts: { trace: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' } },
});

describe('eventDigest', () => {
  it('renders the innermost in-app frame first, with its source context and the failing line marked', () => {
    const digest = eventDigest(event);
    expect(digest.exception).toBe("`TypeError`: Cannot read properties of undefined (reading 'reduce')");
    const stack = digest.stacktrace!;
    expect(stack.indexOf('src/cart.js:3:21')).toBeLessThan(stack.indexOf('src/main.js:16:10'));
    expect(stack).toContain('- `src/cart.js:3:21` in `cartTotal`');
    expect(stack).toContain('> 3 |   return cart.items.reduce(');
    expect(stack).toContain('  1 | // The cart total');
    expect(stack).not.toContain('react-dom');
    expect(digest.breadcrumbs).toContain('| 2026-11-18T');
    expect(digest.breadcrumbs).toContain('button#total \\| now');
    expect(digest.tags).toContain('| route | /checkout |');
    expect(digest.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('shows every frame when none is in-app, and nothing for an event without a stack', () => {
    const frames = event.exception!.values[0]!.stacktrace!.frames.map((f) => ({ ...f, inApp: false }));
    expect(stacktraceMarkdown(frames)).toContain('react-dom');
    expect(eventDigest(create(SentryEventSchema, { message: { formatted: 'boom' } }))).toEqual({ message: 'boom' });
  });
});

describe('EventLinks', () => {
  it('signs a link per event that verifies only for that event and secret', async () => {
    const { EventLinks } = await import('./event-digest.js');
    const links = new EventLinks('https://errors.example.com/', 'secret-1');
    const link = links.link('7', 'a'.repeat(32))!;
    expect(link).toMatch(/^https:\/\/errors\.example\.com\/api\/v1\/events\/7\/a{32}\?sig=[0-9a-f]{64}$/);
    const sig = new URL(link).searchParams.get('sig')!;
    expect(links.verify('7', 'a'.repeat(32), sig)).toBe(true);
    expect(links.verify('7', 'b'.repeat(32), sig)).toBe(false);
    expect(links.verify('8', 'a'.repeat(32), sig)).toBe(false);
    expect(links.verify('7', 'a'.repeat(32), undefined)).toBe(false);
    expect(new EventLinks('https://errors.example.com', 'secret-2').verify('7', 'a'.repeat(32), sig)).toBe(false);
    // Without a public URL or a secret there is no link.
    expect(new EventLinks(undefined, 'secret-1').link('7', 'a'.repeat(32))).toBeUndefined();
    expect(new EventLinks('https://errors.example.com', undefined).link('7', 'a'.repeat(32))).toBeUndefined();
  });
});
