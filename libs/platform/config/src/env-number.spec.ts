import { z } from 'zod';

import { envInt, envNumber, parseDecimal, parseInteger } from './env-number.js';

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+7', 7],
    [' 8 ', 8],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('reads %j as %d', (text, value) => expect(parseInteger(text)).toEqual({ ok: true, value }));

  it.each(['', ' ', '1.5', '1e3', '0x10', '1_000', 'Infinity', 'NaN', '12abc', '--1'])('rejects %j', (text) =>
    expect(parseInteger(text)).toEqual({ ok: false, problem: 'must be a whole number' }),
  );

  it('rejects integers past the safe range', () => {
    expect(parseInteger('9007199254740992')).toEqual({ ok: false, problem: 'is too large' });
  });

  it('applies inclusive bounds', () => {
    const port = { min: 1, max: 65_535 };
    expect(parseInteger('1', port)).toEqual({ ok: true, value: 1 });
    expect(parseInteger('65535', port)).toEqual({ ok: true, value: 65_535 });
    expect(parseInteger('0', port)).toEqual({ ok: false, problem: 'must be between 1 and 65535' });
    expect(parseInteger('65536', port)).toEqual({ ok: false, problem: 'must be between 1 and 65535' });
    expect(parseInteger('-1', { min: 0 })).toEqual({ ok: false, problem: 'must be at least 0' });
    expect(parseInteger('11', { max: 10 })).toEqual({ ok: false, problem: 'must be at most 10' });
  });
});

describe('parseDecimal', () => {
  it.each([
    ['0', 0],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['5.', 5],
    ['-1.5', -1.5],
  ])('reads %j as %d', (text, value) => expect(parseDecimal(text)).toEqual({ ok: true, value }));

  it.each(['', '.', '1e3', '0x10', 'Infinity', '1,5', '1.2.3'])('rejects %j', (text) =>
    expect(parseDecimal(text)).toEqual({ ok: false, problem: 'must be a number' }),
  );

  it('rejects numbers too large for a double', () => {
    expect(parseDecimal('9'.repeat(400))).toEqual({ ok: false, problem: 'is too large' });
  });

  it('applies inclusive bounds', () => {
    expect(parseDecimal('1', { min: 0, max: 1 })).toEqual({ ok: true, value: 1 });
    expect(parseDecimal('1.01', { min: 0, max: 1 })).toEqual({ ok: false, problem: 'must be between 0 and 1' });
  });
});

describe('envInt and envNumber', () => {
  it('apply and validate their defaults', () => {
    expect(z.object({ N: envInt({ default: 3 }), R: envNumber({ default: 0.5 }) }).parse({})).toEqual({ N: 3, R: 0.5 });
    expect(z.object({ N: envInt({ default: 0, min: 1 }) }).safeParse({}).success).toBe(false);
  });

  it('parse received text', () => {
    expect(z.object({ N: envInt(), R: envNumber() }).parse({ N: '12', R: '0.1' })).toEqual({ N: 12, R: 0.1 });
  });
});
