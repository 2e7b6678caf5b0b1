import { z } from 'zod';

import { envDuration } from './env-duration.js';
import { envList } from './env-list.js';
import { envInt, envNumber } from './env-number.js';

const parse = <S extends z.ZodType>(schema: S, raw: string | undefined) => z.object({ V: schema }).safeParse({ V: raw });

describe('envList', () => {
  it('parses numbers and durations item by item', () => {
    expect(parse(envList(envNumber()), '0.005, 0.1,1,10').data).toEqual({ V: [0.005, 0.1, 1, 10] });
    expect(parse(envList(envDuration()), '100ms,1s,1m').data).toEqual({ V: [100, 1_000, 60_000] });
  });

  it('reads an empty or blank value as an empty list', () => {
    expect(parse(envList(envInt()), '').data).toEqual({ V: [] });
    expect(parse(envList(envInt()), '  ').data).toEqual({ V: [] });
  });

  it('names the position of a bad item without echoing it', () => {
    expect(parse(envList(envInt({ min: 1 })), '1,2,0').error?.issues[0]?.message).toBe('item 3 must be at least 1');
    expect(parse(envList(envDuration()), '1s,soon').error?.issues[0]?.message).toMatch(/^item 2 must be a duration/);
  });

  it('rejects empty items, including a trailing comma', () => {
    expect(parse(envList(envInt()), '1,,2').error?.issues[0]?.message).toBe('item 2 is empty');
    expect(parse(envList(envInt()), '1,').error?.issues[0]?.message).toBe('item 2 is empty');
  });

  it('enforces item counts at their edges', () => {
    const schema = envList(envInt(), { minItems: 1, maxItems: 2 });
    expect(parse(schema, '').error?.issues[0]?.message).toBe('must have at least 1 item');
    expect(parse(schema, '1').data).toEqual({ V: [1] });
    expect(parse(schema, '1,2').data).toEqual({ V: [1, 2] });
    expect(parse(schema, '1,2,3').error?.issues[0]?.message).toBe('must have at most 2 items');
  });

  it('parses its default like received text', () => {
    expect(parse(envList(envDuration(), { default: '1s,5s' }), undefined).data).toEqual({ V: [1_000, 5_000] });
    expect(parse(envList(envInt()), undefined).success).toBe(false);
  });
});
