// Comma-separated lists whose items are parsed by another env schema, e.g. histogram
// buckets `envList(envNumber())` or retry delays `envList(envDuration())`.
import { z } from 'zod';

import { envValue, parsed, rejected, type Parsed } from './env-value.js';

/** Length limits and default (raw list text) of a list variable. */
export interface ListOptions {
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: string;
}

/** A zod schema for a comma-separated list; an empty value is an empty list, an empty item is an error. */
export function envList<S extends z.ZodType>(item: S, options: ListOptions = {}) {
  return envValue((raw) => parseList(raw, item, options), options.default);
}

function parseList<S extends z.ZodType>(raw: string, item: S, options: ListOptions): Parsed<z.output<S>[]> {
  const parts = raw.trim() === '' ? [] : raw.split(',').map((part) => part.trim());
  const values: z.output<S>[] = [];
  for (const [index, part] of parts.entries()) {
    if (part === '') return rejected(`item ${index + 1} is empty`);
    const result = item.safeParse(part);
    if (!result.success) return rejected(`item ${index + 1} ${result.error.issues[0]?.message ?? 'is invalid'}`);
    values.push(result.data);
  }
  const { minItems, maxItems } = options;
  if (minItems !== undefined && values.length < minItems) return rejected(`must have at least ${minItems} item${minItems === 1 ? '' : 's'}`);
  if (maxItems !== undefined && values.length > maxItems) return rejected(`must have at most ${maxItems} item${maxItems === 1 ? '' : 's'}`);
  return parsed(values);
}
