// The building block of every env helper: a parser from raw text to a value, wrapped
// as a zod schema whose messages are written for an operator reading a deploy log.
import { z } from 'zod';

/** What a raw-text parser returns: the value, or what is wrong with the text. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Wraps a successful parse. */
export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** Wraps a failed parse; `problem` follows the variable name ("must be …") and never echoes the value. */
export const rejected = <T = never>(problem: string): Parsed<T> => ({ ok: false, problem });

/** Turns a raw-text parser into a zod schema; `defaultRaw` is parsed like any received value, so a bad default fails too. */
export function envValue<T>(parse: (raw: string) => Parsed<T>, defaultRaw?: string) {
  const schema = z.string().transform((raw, ctx): T => {
    const result = parse(raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.problem });
    return z.NEVER;
  });
  return defaultRaw === undefined ? schema : schema.prefault(defaultRaw);
}
