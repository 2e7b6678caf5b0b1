// Sentry-style globs: `*` (and `**`) match any run of characters, `?` one character; the rest is literal.

const cache = new Map<string, RegExp>();

/** Whether `value` matches the glob `pattern` as a whole. */
export function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    // Rules are per project and few; the bound only guards against a caller feeding generated patterns.
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re.test(value);
}
