// Flag parsing for one command, on node:util parseArgs in strict mode: unknown flags and
// a wrong number of positionals become UsageErrors (exit 2) instead of being ignored.
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './errors.js';

/** The flags a command accepts (always strings or booleans; numbers are parsed after). */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Parses `argv` against `flags` (plus `--help`); `names` are the positionals allowed, the first `required` of them required. */
export function parseCommandArgs(argv: readonly string[], flags: FlagSpec, names: readonly string[], required: number): ParsedArgs {
  let result: ParsedArgs;
  try {
    result = parseArgs({ args: [...argv], options: { ...flags, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (err) {
    // parseArgs messages end with advice about "--" that does not apply here.
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (result.values.help) return result;
  if (result.positionals.length < required) throw new UsageError(`missing ${names[result.positionals.length]}`);
  if (result.positionals.length > names.length) throw new UsageError(`unexpected argument "${result.positionals[names.length]}"`);
  return result;
}

/** The string value of a flag, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The values of a repeatable flag. */
export function listFlag(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value.map(String) : [];
}

/** A required string flag; UsageError when absent. */
export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = stringFlag(args, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** A positive whole-number flag, or undefined when absent; UsageError when malformed. */
export function positiveIntFlag(args: ParsedArgs, name: string): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`);
  }
  return Number(raw);
}
