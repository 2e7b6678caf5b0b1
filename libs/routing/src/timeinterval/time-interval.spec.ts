import { parseConfig } from '../config/parse-config.js';
import { TimeMuter } from './time-muter.js';
import { containsTime } from './time-interval.js';

const config = parseConfig(`
route:
  receiver: r
  routes:
    - { matchers: [a="b"], mute_time_intervals: [nights, month-edges], active_time_intervals: [office] }
receivers: [{ name: r }]
time_intervals:
  - name: office
    time_intervals:
      - { times: [{ start_time: "09:00", end_time: "17:00" }], weekdays: ['monday:friday'], location: Europe/Oslo }
  - name: nights
    time_intervals:
      - { times: [{ start_time: "00:00", end_time: "06:00" }] }
  - name: month-edges
    time_intervals:
      - { days_of_month: ['1', '-1'], months: ['february'], years: ['2024:2025'] }
`);
const ti = (name: string) => config.timeIntervals.get(name)![0]!;

describe('time intervals', () => {
  it('evaluates times and weekdays in the given location', () => {
    // 2026-01-05 is a Monday; Oslo is UTC+1 in winter.
    expect(containsTime(ti('office'), new Date('2026-01-05T08:00:00Z'))).toBe(true); // 09:00 local
    expect(containsTime(ti('office'), new Date('2026-01-05T07:59:00Z'))).toBe(false);
    expect(containsTime(ti('office'), new Date('2026-01-05T16:00:00Z'))).toBe(false); // 17:00 local, end excluded
    expect(containsTime(ti('office'), new Date('2026-01-04T10:00:00Z'))).toBe(false); // Sunday
    expect(containsTime(ti('office'), new Date('2026-07-06T14:30:00Z'))).toBe(true); // 16:30 local in summer time
    expect(containsTime(ti('office'), new Date('2026-07-06T15:30:00Z'))).toBe(false); // 17:30 local
  });

  it('counts negative days from the end of the month (leap years included)', () => {
    expect(containsTime(ti('month-edges'), new Date('2024-02-29T12:00:00Z'))).toBe(true);
    expect(containsTime(ti('month-edges'), new Date('2025-02-28T12:00:00Z'))).toBe(true);
    expect(containsTime(ti('month-edges'), new Date('2025-02-27T12:00:00Z'))).toBe(false);
    expect(containsTime(ti('month-edges'), new Date('2025-02-01T00:00:00Z'))).toBe(true);
    expect(containsTime(ti('month-edges'), new Date('2026-02-01T00:00:00Z'))).toBe(false);
  });

  it('mutes a route inside mute intervals and outside its active intervals', () => {
    const muter = new TimeMuter(config.timeIntervals, ['nights', 'month-edges'], ['office']);
    expect(muter.mutes({}, new Date('2026-01-05T10:00:00Z'))).toBe(false); // Monday 11:00 Oslo
    expect(muter.mutes({}, new Date('2026-01-03T10:00:00Z'))).toBe(true); // Saturday: not active
    expect(muter.mutes({}, new Date('2026-01-05T03:00:00Z'))).toBe(true); // night
  });
});
