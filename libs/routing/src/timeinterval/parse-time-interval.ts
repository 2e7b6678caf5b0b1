// Strict parsing of one `time_intervals[].time_intervals[]` entry with Alertmanager's validation
// messages (`timeinterval.go` UnmarshalYAML methods).
import { childPath } from '../config/config-error.js';
import { Issues, readList, readMap, readString, readStrings } from '../config/reader.js';
import { type IntRange, type TimeInterval } from './time-interval.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const TIME_RE = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;

function parseRange(s: string, names: readonly string[] | undefined, offset: number): IntRange {
  const parts = s.split(':');
  if (parts.length > 2) throw new Error(`invalid range: ${s}`);
  const one = (p: string): number => {
    const lower = p.toLowerCase();
    if (names && names.includes(lower)) return names.indexOf(lower) + offset;
    if (!/^-?\d+$/.test(p)) throw new Error(names ? `${p} is not a valid ${names === WEEKDAYS ? 'weekday' : 'month'}` : `invalid range: ${s}`);
    return Number(p);
  };
  const begin = one(parts[0]!.trim());
  return { begin, end: parts.length === 2 ? one(parts[1]!.trim()) : begin };
}

function weekday(s: string): IntRange {
  const r = parseRange(s, WEEKDAYS, 0);
  if (!/^[a-z:\s]+$/i.test(s)) throw new Error(`${s} is not a valid weekday`);
  if (r.begin > r.end) throw new Error('start day cannot be before end day');
  return r;
}

function dayOfMonth(s: string): IntRange {
  const r = parseRange(s, undefined, 0);
  for (const d of [r.begin, r.end]) if (d === 0 || d < -31 || d > 31) throw new Error(`${d} is not a valid day of the month: out of range`);
  if (r.begin < 0 && r.end > 0) throw new Error('end day must be negative if start day is negative');
  // Negative days are checked against the shortest month, as Alertmanager does.
  const b = r.begin < 0 ? 28 + r.begin : r.begin;
  const e = r.end < 0 ? 28 + r.end : r.end;
  if (b > e) throw new Error(`end day ${r.end} is always before start day ${r.begin}`);
  return r;
}

// Alertmanager 0.25 does not range-check numeric months (amtool accepts `1:13`); only order is checked.
function month(s: string): IntRange {
  const r = parseRange(s, MONTHS, 1);
  const name = (m: number): string => MONTHS[m - 1] ?? String(m);
  if (r.begin > r.end) throw new Error(`end month ${name(r.end)} is before start month ${name(r.begin)}`);
  return r;
}

function year(s: string): IntRange {
  const r = parseRange(s, undefined, 0);
  if (r.begin > r.end) throw new Error('end year ' + r.end + ' is before start year ' + r.begin);
  return r;
}

function minutes(s: string): number {
  if (!TIME_RE.test(s)) throw new Error(`couldn't parse timestamp ${s}, invalid format`);
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
}

/** Whether `name` is a time zone Go's `time.LoadLocation` would load ("UTC", "Local" or IANA). */
export function isValidLocation(name: string): boolean {
  if (name === 'UTC' || name === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Reads one time interval entry at `path`. */
export function readTimeInterval(v: unknown, path: string, issues: Issues): TimeInterval | undefined {
  const m = readMap(v, path, ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location'], issues);
  if (!m) return undefined;
  const ranges = (key: string, f: (s: string) => IntRange): IntRange[] | undefined =>
    readStrings(m[key], childPath(path, key), issues)?.flatMap((s, i) => issues.attempt(childPath(childPath(path, key), i), () => f(s)) ?? []);
  const times = readList(m['times'], childPath(path, 'times'), issues, (e, p) => {
    const t = readMap(e, p, ['start_time', 'end_time'], issues);
    if (!t) return undefined;
    const start = readString(t['start_time'], childPath(p, 'start_time'), issues);
    const end = readString(t['end_time'], childPath(p, 'end_time'), issues);
    if (start === undefined || end === undefined) {
      issues.add(p, 'both start and end times must be provided');
      return undefined;
    }
    return issues.attempt(p, () => {
      const r = { startMinute: minutes(start), endMinute: minutes(end) };
      if (r.startMinute >= r.endMinute) throw new Error('start time cannot be equal or greater than end time');
      return r;
    });
  });
  const location = readString(m['location'], childPath(path, 'location'), issues);
  if (location !== undefined && !isValidLocation(location)) issues.add(childPath(path, 'location'), `unknown time zone ${location}`);
  const out: { -readonly [K in keyof TimeInterval]: TimeInterval[K] } = {};
  if (times) out.times = times;
  const wd = ranges('weekdays', weekday);
  if (wd) out.weekdays = wd;
  const dom = ranges('days_of_month', dayOfMonth);
  if (dom) out.daysOfMonth = dom;
  const mo = ranges('months', month);
  if (mo) out.months = mo;
  const yr = ranges('years', year);
  if (yr) out.years = yr;
  if (location !== undefined) out.location = location;
  return out;
}
