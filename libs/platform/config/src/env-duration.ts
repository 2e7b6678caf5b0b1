// Durations in milliseconds from environment text: "500ms", "30s", "2m", "1h", "1d",
// compounds such as "1m30s", or a plain number of milliseconds.
import { envValue, parsed, rejected, type Parsed } from './env-value.js';

/** Bounds (milliseconds or duration text) and default of a duration variable. */
export interface DurationOptions {
  readonly min?: number | string;
  readonly max?: number | string;
  readonly default?: number | string;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PLAIN_MS = /^\d+$/;
const COMPOUND = /^(\d+(\.\d+)?(ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const SHAPE = 'must be a duration such as 500ms, 30s, 2m or 1h (a plain number means milliseconds)';

/** Parses duration text into whole milliseconds within the bounds. */
export function parseDuration(raw: string, options: Omit<DurationOptions, 'default'> = {}): Parsed<number> {
  const text = raw.trim();
  let total: number;
  if (PLAIN_MS.test(text)) {
    total = Number(text);
  } else if (COMPOUND.test(text)) {
    total = 0;
    for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  } else {
    return rejected(SHAPE);
  }
  // Decimals such as "1.5s" are fine as long as they land on a whole millisecond;
  // the tolerance absorbs floating-point noise like 0.1h = 360000.00000000006.
  const ms = Math.round(total);
  if (Math.abs(total - ms) > 1e-6) return rejected('must be a whole number of milliseconds');
  if (!Number.isSafeInteger(ms)) return rejected('is too large');
  const min = boundMs(options.min);
  const max = boundMs(options.max);
  if (min !== undefined && ms < min) return rejected(`must be at least ${formatDuration(min)}`);
  if (max !== undefined && ms > max) return rejected(`must be at most ${formatDuration(max)}`);
  return parsed(ms);
}

/** Formats milliseconds in the largest unit that represents them exactly ("90s", "1500ms"). */
export function formatDuration(ms: number): string {
  const units = Object.entries(UNIT_MS).sort(([, a], [, b]) => b - a);
  for (const [unit, size] of units) {
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** A zod schema for a duration variable in milliseconds, e.g. `envDuration({ default: '30s', min: '1s' })`. */
export function envDuration(options: DurationOptions = {}) {
  return envValue((raw) => parseDuration(raw, options), options.default === undefined ? undefined : String(options.default));
}

function boundMs(bound: number | string | undefined): number | undefined {
  if (bound === undefined || typeof bound === 'number') return bound;
  const result = parseDuration(bound);
  if (!result.ok) throw new Error(`invalid duration bound "${bound}": ${result.problem}`);
  return result.value;
}
