// Release ordering for the regression rule. Releases are free text (`shop-web@4.12.0`,
// `2026.11.27-1`, a git sha); two releases are ordered only when both read as versions
// (same package prefix, dotted numbers); otherwise they are incomparable.

/** -1, 0 or 1 when `a` is older than, equal to or newer than `b`; undefined when they cannot be ordered. */
export function compareReleases(a: string, b: string): -1 | 0 | 1 | undefined {
  if (a === b) return 0;
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb || pa.pkg !== pb.pkg) return undefined;
  const n = Math.max(pa.nums.length, pb.nums.length);
  for (let i = 0; i < n; i++) {
    const x = pa.nums[i] ?? 0;
    const y = pb.nums[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  // 1.2.0-rc.1 < 1.2.0 (semver: a pre-release is older than its release).
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === '') return 1;
  if (pb.pre === '') return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

function parse(release: string): { pkg: string; nums: number[]; pre: string } | undefined {
  const at = release.lastIndexOf('@');
  const pkg = at > 0 ? release.slice(0, at) : '';
  const version = (at > 0 ? release.slice(at + 1) : release).replace(/^v/, '');
  const m = /^(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (!m) return undefined;
  return { pkg, nums: m[1]!.split('.').map(Number), pre: m[2] ?? '' };
}

/** What reopens a resolved group: `release` (a release at or after resolved-in-release) or `any` event. */
export type RegressionMode = 'release' | 'any';

/**
 * Whether an event of `release` reopens a group resolved in `resolvedIn`. Under `release`,
 * an event from a release known to be older does not; an unknown or unorderable release
 * does, because staying silent about a real regression is worse than one extra alert.
 */
export function reopens(mode: RegressionMode, resolvedIn: string | null, release: string | null, inNextRelease = false): boolean {
  if (mode === 'any' || !resolvedIn || !release) return true;
  const order = compareReleases(release, resolvedIn);
  // Resolved in the next release: `resolvedIn` is the latest release seen then, which lacks the fix.
  if (inNextRelease) return order === 1 || order === undefined;
  return order !== -1;
}
