import {
  childTraceContext,
  currentTrace,
  formatTraceparent,
  newTraceContext,
  parseTraceparent,
  runWithTrace,
  type TraceContext,
} from './trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('reads a valid header and its sampled flag', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false });
    // Only bit 0 means sampled; other bits are reserved for future flags.
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-03`)?.sampled).toBe(true);
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-02`)?.sampled).toBe(false);
    expect(parseTraceparent(` 00-${TRACE}-${SPAN}-01 `)?.traceId).toBe(TRACE);
  });

  it('accepts later versions and ignores the fields they append', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01`)?.spanId).toBe(SPAN);
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-01-what-the-future-holds`)?.traceId).toBe(TRACE);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['extra field on version 00', `00-${TRACE}-${SPAN}-01-extra`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['long span id', `00-${TRACE}-${SPAN}0-01`],
    ['non-hex trace id', `00-${TRACE.slice(1)}g-${SPAN}-01`],
    ['one-digit flags', `00-${TRACE}-${SPAN}-1`],
    ['non-hex flags', `00-${TRACE}-${SPAN}-0x`],
    ['missing flags', `00-${TRACE}-${SPAN}`],
    ['non-hex version', `0g-${TRACE}-${SPAN}-01`],
    ['wrong separators', `00_${TRACE}_${SPAN}_01`],
    ['a sentry-trace header', `${TRACE}-${SPAN}-1`],
  ])('rejects %s', (_, value) => expect(parseTraceparent(value)).toBeUndefined());
});

describe('formatTraceparent', () => {
  it('writes version 00 and round-trips through parseTraceparent', () => {
    const ctx: TraceContext = { traceId: TRACE, spanId: SPAN, sampled: true };
    expect(formatTraceparent(ctx)).toBe(`00-${TRACE}-${SPAN}-01`);
    expect(formatTraceparent({ ...ctx, sampled: false })).toBe(`00-${TRACE}-${SPAN}-00`);
    expect(parseTraceparent(formatTraceparent(ctx))).toEqual(ctx);
  });
});

describe('newTraceContext and childTraceContext', () => {
  it('creates valid, distinct ids', () => {
    const a = newTraceContext();
    const b = newTraceContext();
    expect(parseTraceparent(formatTraceparent(a))).toEqual(a);
    expect(a.sampled).toBe(true);
    expect(a.traceId).not.toBe(b.traceId);
    expect(a.spanId).not.toBe(b.spanId);
  });

  it('keeps the parent trace and its flag but opens a new span', () => {
    const parent: TraceContext = { traceId: TRACE, spanId: SPAN, sampled: false };
    const child = childTraceContext(parent);
    expect(child.traceId).toBe(TRACE);
    expect(child.sampled).toBe(false);
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe(SPAN);
  });

  it('starts a new trace without a parent', () => {
    const child = childTraceContext(undefined);
    expect(child.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(child.traceId).not.toBe(TRACE);
  });
});

describe('runWithTrace and currentTrace', () => {
  it('has no trace outside runWithTrace', () => {
    expect(currentTrace()).toBeUndefined();
  });

  it('returns what fn returns and keeps the trace across awaits and timers', async () => {
    const ctx = newTraceContext();
    const seen = await runWithTrace(ctx, async () => {
      const before = currentTrace();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const afterTimer = currentTrace();
      await Promise.resolve();
      return [before, afterTimer, currentTrace()];
    });
    expect(seen).toEqual([ctx, ctx, ctx]);
    expect(currentTrace()).toBeUndefined();
  });

  it('nests, and restores the outer trace when the inner one ends', () => {
    const outer = newTraceContext();
    const inner = childTraceContext(outer);
    runWithTrace(outer, () => {
      expect(runWithTrace(inner, () => currentTrace())).toBe(inner);
      expect(currentTrace()).toBe(outer);
    });
  });

  it('keeps concurrent traces apart', async () => {
    const traces = [newTraceContext(), newTraceContext(), newTraceContext()];
    const seen = await Promise.all(
      traces.map((ctx, i) =>
        runWithTrace(ctx, async () => {
          await new Promise((resolve) => setTimeout(resolve, 10 - i * 3));
          return currentTrace();
        }),
      ),
    );
    expect(seen).toEqual(traces);
  });
});
