import { z } from 'zod';

import { envDuration, formatDuration, parseDuration } from './env-duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['1500', 1_500],
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['0.1h', 360_000],
    [' 30s ', 30_000],
  ])('reads %j as %d ms', (text, ms) => expect(parseDuration(text)).toEqual({ ok: true, value: ms }));

  it.each(['', ' ', 's', '-1s', '+1s', '1e3', '1.5', '30 s', '30S', '10x', '1w', '1s-', 'ms30', '1..5s', '0x10'])('rejects %j', (text) =>
    expect(parseDuration(text)).toEqual({ ok: false, problem: expect.stringMatching(/^must be a duration/) }),
  );

  it('rejects fractions of a millisecond', () => {
    expect(parseDuration('0.5ms')).toEqual({ ok: false, problem: 'must be a whole number of milliseconds' });
    expect(parseDuration('1.0001s')).toEqual({ ok: false, problem: 'must be a whole number of milliseconds' });
  });

  it('rejects values past the safe integer range', () => {
    expect(parseDuration('9007199254740993')).toEqual({ ok: false, problem: 'is too large' });
    expect(parseDuration(`${'9'.repeat(400)}d`)).toEqual({ ok: false, problem: 'is too large' });
  });

  it('applies inclusive bounds given in ms or as duration text', () => {
    expect(parseDuration('1s', { min: '1s', max: 5_000 })).toEqual({ ok: true, value: 1_000 });
    expect(parseDuration('5s', { min: '1s', max: 5_000 })).toEqual({ ok: true, value: 5_000 });
    expect(parseDuration('999', { min: '1s' })).toEqual({ ok: false, problem: 'must be at least 1s' });
    expect(parseDuration('5001ms', { max: 5_000 })).toEqual({ ok: false, problem: 'must be at most 5s' });
  });

  it('refuses a bound that is not a duration, as a programming error', () => {
    expect(() => parseDuration('1s', { min: 'soon' })).toThrow('invalid duration bound "soon"');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [1, '1ms'],
    [1_500, '1500ms'],
    [90_000, '90s'],
    [120_000, '2m'],
    [86_400_000, '1d'],
  ])('formats %d as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('envDuration', () => {
  const schema = z.object({ TIMEOUT: envDuration({ default: '30s', max: '1m' }) });

  it('parses the default like a received value', () => {
    expect(schema.parse({})).toEqual({ TIMEOUT: 30_000 });
    expect(z.object({ T: envDuration({ default: 250 }) }).parse({})).toEqual({ T: 250 });
  });

  it('fails on a default outside the bounds, so a bad default cannot ship', () => {
    expect(z.object({ T: envDuration({ default: '2m', max: '1m' }) }).safeParse({}).success).toBe(false);
  });

  it('reports the problem as the issue message', () => {
    const result = schema.safeParse({ TIMEOUT: '2m' });
    expect(result.error?.issues).toMatchObject([{ path: ['TIMEOUT'], message: 'must be at most 1m' }]);
  });

  it('is required without a default', () => {
    expect(z.object({ T: envDuration() }).safeParse({}).success).toBe(false);
  });
});
