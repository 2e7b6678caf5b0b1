// Label sets as Alertmanager sees them: a flat map of name → value, where a missing label and an
// empty value are the same thing (Go's map lookup returns "" for both).

/** An alert's identifying labels (or annotations): name → value. */
export type LabelSet = Readonly<Record<string, string>>;

/** Label names must match Prometheus' classic pattern; Alertmanager 0.25 rejects anything else. */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Whether `name` is a valid Prometheus label name (`model.LabelName.IsValid`). */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME_RE.test(name);
}

/**
 * Compares two strings as Go does (byte-wise over UTF-8), which equals code-point order; JavaScript's
 * `<` compares UTF-16 units and would misorder astral characters against U+E000–U+FFFF.
 */
export function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Label names of `labels` sorted the way Go's `sort.Strings` would sort them. */
export function sortedNames(labels: LabelSet): string[] {
  return Object.keys(labels).sort(compareGo);
}

/** Go's `strconv.Quote` (what `%q` prints), used by `model.LabelSet.String()` and so by group keys. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (isGoPrintable(cp)) out += ch;
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

// Approximates Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
function isGoPrintable(cp: number): boolean {
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

/** `model.LabelSet.String()`: `{a="x", b="y"}` with names sorted and values Go-quoted. */
export function formatLabelSet(labels: LabelSet): string {
  return '{' + sortedNames(labels).map((n) => `${n}=${goQuote(labels[n]!)}`).join(', ') + '}';
}

/** Drops empty-valued labels, as Alertmanager does for every alert it receives (`removeEmptyLabels`). */
export function withoutEmptyLabels(labels: LabelSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (v !== '') out[k] = v;
  return out;
}
