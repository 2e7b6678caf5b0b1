// Sentry timestamps arrive as unix seconds (a float, from the JS SDK) or RFC 3339 strings (other SDKs,
// hand-written clients). Both become a protobuf Timestamp init without going through milliseconds,
// so the microseconds the SDK sends survive.
import { describeJson, invalidEvent } from './errors.js';

/** The init shape of google.protobuf.Timestamp. */
export interface TimestampInit {
  seconds: bigint;
  nanos: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9})\d*)?(Z|z|[+-]\d{2}:?\d{2})?$/;

/** Reads an optional timestamp (seconds or RFC 3339; a string without zone is UTC, as in Relay). */
export function optTimestamp(value: unknown, path: string): TimestampInit | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalidEvent(path, `expected unix seconds or an RFC 3339 string, got ${describeJson(value)}`);
    return fromSeconds(value);
  }
  if (typeof value !== 'string') throw invalidEvent(path, `expected unix seconds or an RFC 3339 string, got ${describeJson(value)}`);
  const m = RFC3339.exec(value);
  if (!m) {
    // Some clients send the number as a string ("1700000000.123").
    if (/^\d+(\.\d+)?$/.test(value)) return fromSeconds(Number(value));
    throw invalidEvent(path, `expected unix seconds or an RFC 3339 string, got ${describeJson(value)}`);
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    throw invalidEvent(path, `not a valid date: ${JSON.stringify(value)}`);
  }
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos };
}

/** Converts a Date (the caller's clock) to a Timestamp init. */
export function timestampOfDate(date: Date): TimestampInit {
  return fromSeconds(date.getTime() / 1000);
}

function fromSeconds(value: number): TimestampInit {
  const seconds = Math.floor(value);
  // Floats carry about microsecond precision at today's epoch; round there so 0.1 does not become 99999999 ns.
  let nanos = Math.round((value - seconds) * 1e6) * 1000;
  if (nanos >= 1e9) nanos = 999_999_000;
  return { seconds: BigInt(seconds), nanos };
}
