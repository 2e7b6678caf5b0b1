// Time intervals as `timeinterval/timeinterval.go` of Alertmanager defines them: within one interval
// every given field must hold (AND), within a field any range may hold (OR), times are [start, end)
// in minutes of the day, and all fields are evaluated in the interval's `location` (UTC by default).

/** An inclusive integer range, e.g. weekdays 1–5 or days of month -3 to -1. */
export interface IntRange {
  /** First value, inclusive. */
  readonly begin: number;
  /** Last value, inclusive. */
  readonly end: number;
}

/** One entry of a named time interval; an absent field places no restriction. */
export interface TimeInterval {
  /** Minute-of-day ranges [startMinute, endMinute). */
  readonly times?: readonly { readonly startMinute: number; readonly endMinute: number }[];
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekdays?: readonly IntRange[];
  /** 1…31 or −31…−1 (counting from the month's end). */
  readonly daysOfMonth?: readonly IntRange[];
  /** 1 = January … 12 = December. */
  readonly months?: readonly IntRange[];
  /** Calendar years. */
  readonly years?: readonly IntRange[];
  /** IANA time zone; undefined means UTC. */
  readonly location?: string;
}

interface LocalTime { year: number; month: number; day: number; weekday: number; minute: number; daysInMonth: number }

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

// Intl gives the wall-clock fields of an instant in any IANA zone, which is all Go's t.In(loc) is used for.
function localTime(t: Date, location: string | undefined): LocalTime {
  const zone = location === undefined || location === 'Local' ? 'UTC' : location;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', weekday: 'short',
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(t)) parts[p.type] = p.value;
  const year = Number(parts['year']);
  const month = Number(parts['month']);
  return {
    year, month, day: Number(parts['day']), weekday: WEEKDAY_INDEX[parts['weekday']!]!,
    minute: Number(parts['hour']) * 60 + Number(parts['minute']),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

const inAny = (ranges: readonly IntRange[], v: number): boolean => ranges.some((r) => v >= r.begin && v <= r.end);
const clamp = (n: number, lo: number, hi: number): number => Math.min(Math.max(n, lo), hi);

/** Whether instant `t` lies inside the interval (`TimeInterval.ContainsTime`). */
export function containsTime(ti: TimeInterval, t: Date): boolean {
  const lt = localTime(t, ti.location);
  if (ti.times && !ti.times.some((r) => lt.minute >= r.startMinute && lt.minute < r.endMinute)) return false;
  if (ti.daysOfMonth) {
    const hit = ti.daysOfMonth.some((r) => {
      let begin = r.begin < 0 ? lt.daysInMonth + r.begin + 1 : r.begin;
      let end = r.end < 0 ? lt.daysInMonth + r.end + 1 : r.end;
      // Alertmanager skips a range starting after this month's end instead of clamping it.
      if (begin > lt.daysInMonth) return false;
      begin = clamp(begin, -lt.daysInMonth, lt.daysInMonth);
      end = clamp(end, -lt.daysInMonth, lt.daysInMonth);
      return lt.day >= begin && lt.day <= end;
    });
    if (!hit) return false;
  }
  if (ti.months && !inAny(ti.months, lt.month)) return false;
  if (ti.weekdays && !inAny(ti.weekdays, lt.weekday)) return false;
  if (ti.years && !inAny(ti.years, lt.year)) return false;
  return true;
}

/** Whether `t` lies in any of the entries of a named interval. */
export function inTimeIntervals(intervals: readonly TimeInterval[], t: Date): boolean {
  return intervals.some((ti) => containsTime(ti, t));
}
