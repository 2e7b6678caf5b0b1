import { z } from 'zod';

import { envBoolean, parseBoolean } from './env-boolean.js';

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [' 1 ', true],
    ['false', false],
    ['False', false],
    ['0', false],
  ])('reads %j as %s', (text, value) => expect(parseBoolean(text)).toEqual({ ok: true, value }));

  it.each(['', 'yes', 'no', 'on', 'off', 't', 'ture', '2', '-1', '01'])('rejects %j', (text) =>
    expect(parseBoolean(text)).toEqual({ ok: false, problem: 'must be true, false, 1 or 0' }),
  );
});

describe('envBoolean', () => {
  it('applies the default and parses received text', () => {
    const schema = z.object({ A: envBoolean({ default: true }), B: envBoolean({ default: false }), C: envBoolean() });
    expect(schema.parse({ C: '0' })).toEqual({ A: true, B: false, C: false });
    expect(schema.parse({ A: 'false', B: '1', C: 'true' })).toEqual({ A: false, B: true, C: true });
  });

  it('is required without a default', () => {
    expect(z.object({ C: envBoolean() }).safeParse({}).success).toBe(false);
  });
});
