// Sentry levels, least to most severe; a group's level is the most severe of its events.
const ORDER = ['debug', 'info', 'warning', 'error', 'fatal'];

/** The more severe of two levels (unknown levels rank as `error`). */
export function maxLevel(a: string, b: string): string {
  const rank = (l: string) => {
    const i = ORDER.indexOf(l === 'warn' ? 'warning' : l);
    return i === -1 ? ORDER.indexOf('error') : i;
  };
  return rank(b) > rank(a) ? b : a;
}
