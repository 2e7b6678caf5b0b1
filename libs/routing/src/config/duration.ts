// Prometheus `model.Duration` parsing (`1d2h30m`, `500ms`, `0`), the syntax of every Alertmanager
// timer. Units must appear largest first, each at most once, as in prometheus/common.

const UNITS: ReadonlyArray<[string, number]> = [
  ['y', 365 * 24 * 3600_000], ['w', 7 * 24 * 3600_000], ['d', 24 * 3600_000],
  ['h', 3600_000], ['m', 60_000], ['s', 1000], ['ms', 1],
];
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a Prometheus duration into milliseconds; throws with Prometheus' message when invalid. */
export function parseDuration(s: string): number {
  if (s === '') throw new Error('empty duration string');
  if (s === '0') return 0;
  const m = DURATION_RE.exec(s);
  if (!m) throw new Error(`not a valid duration string: "${s}"`);
  let ms = 0;
  UNITS.forEach(([, factor], i) => {
    if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * factor;
  });
  return ms;
}

/** Prints milliseconds the way `model.Duration.String()` does (`1h30m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, factor] of UNITS) {
    const n = Math.floor(rest / factor);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * factor;
    }
  }
  return out;
}
