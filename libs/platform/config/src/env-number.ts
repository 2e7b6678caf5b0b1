// Integers and decimals from environment text. Only plain decimal notation is
// accepted: Number() would also take "0x10", "1e3", "" and " ", none of which an
// operator means as a port or a limit.
import { envValue, parsed, rejected, type Parsed } from './env-value.js';

/** Bounds and default of a numeric variable; both bounds are inclusive. */
export interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  readonly default?: number;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses a whole number within the bounds. */
export function parseInteger(raw: string, options: NumberOptions = {}): Parsed<number> {
  const text = raw.trim();
  if (!INTEGER.test(text)) return rejected('must be a whole number');
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return rejected('is too large');
  return checkBounds(value, options);
}

/** Parses a decimal number within the bounds. */
export function parseDecimal(raw: string, options: NumberOptions = {}): Parsed<number> {
  const text = raw.trim();
  if (!DECIMAL.test(text)) return rejected('must be a number');
  const value = Number(text);
  if (!Number.isFinite(value)) return rejected('is too large');
  return checkBounds(value, options);
}

/** A zod schema for an integer variable, e.g. `envInt({ min: 1, max: 65535, default: 3000 })`. */
export function envInt(options: NumberOptions = {}) {
  return envValue((raw) => parseInteger(raw, options), defaultText(options.default));
}

/** A zod schema for a decimal variable, e.g. a sample rate `envNumber({ min: 0, max: 1 })`. */
export function envNumber(options: NumberOptions = {}) {
  return envValue((raw) => parseDecimal(raw, options), defaultText(options.default));
}

function checkBounds(value: number, { min, max }: NumberOptions): Parsed<number> {
  if (min !== undefined && max !== undefined && (value < min || value > max)) {
    return rejected(`must be between ${min} and ${max}`);
  }
  if (min !== undefined && value < min) return rejected(`must be at least ${min}`);
  if (max !== undefined && value > max) return rejected(`must be at most ${max}`);
  return parsed(value);
}

function defaultText(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
