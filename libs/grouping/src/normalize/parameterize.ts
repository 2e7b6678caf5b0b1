// Messages carry ids, emails, URLs and numbers that differ per occurrence; left in, they split one bug
// into thousands of groups. Each pattern is replaced by a placeholder, most specific pattern first.

/** Which kinds of values to replace; config versions differ here. */
export interface ParameterizeOptions {
  /** Replace 'single', "double" and `backtick` quoted strings with `<quoted>`. */
  quoted: boolean;
}

interface Pattern {
  kind: string;
  placeholder: string;
  re: RegExp;
}

// Order matters: a URL contains numbers, a UUID contains hex, a date contains ints.
const PATTERNS: Pattern[] = [
  { kind: 'emails', placeholder: '<email>', re: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  { kind: 'urls', placeholder: '<url>', re: /\b[a-z][-a-z0-9+.]*:\/\/[^\s'"`<>)\]]+/gi },
  { kind: 'uuids', placeholder: '<uuid>', re: /\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/gi },
  { kind: 'dates', placeholder: '<date>', re: /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC|[+-]\d{4})|\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g },
  { kind: 'ips', placeholder: '<ip>', re: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b|(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}(?![\w:])|(?<![\w:])(?:[0-9a-f]{1,4}:){1,7}:(?![\w:])|(?<![\w:])::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4}(?![\w:])/gi },
  // sha1/sha256/md5 digests and other long hex: before <hex> so the kind is named right.
  { kind: 'hashes', placeholder: '<hash>', re: /\b[0-9a-f]{32,128}\b/gi },
  { kind: 'hex', placeholder: '<hex>', re: /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi },
  { kind: 'numbers', placeholder: '<int>', re: /(?<![\w.])-?\d+(?:\.\d+)?(?=[A-Za-z%]*(?!\w|\.\d))|(?<=[A-Za-z_#-])\d{2,}\b|\b\d+(?=[A-Za-z_])/g },
];

const QUOTED: Pattern = { kind: 'quoted strings', placeholder: '<quoted>', re: /'[^'\n]{1,200}'|"[^"\n]{1,200}"|`[^`\n]{1,200}`/g };

/** The parameterised text and the kinds of values that were replaced (for the component hint). */
export interface Parameterized {
  text: string;
  kinds: string[];
}

/** Replaces variable values in a message with placeholders (`Order 42 for a@b.c` → `Order <int> for <email>`). */
export function parameterize(message: string, options: ParameterizeOptions): Parameterized {
  let text = message;
  const kinds: string[] = [];
  const patterns = options.quoted ? [QUOTED, ...PATTERNS] : PATTERNS;
  for (const p of patterns) {
    const next = text.replace(p.re, (m) => (isPlaceholder(m) ? m : p.placeholder));
    if (next !== text) kinds.push(p.kind);
    text = next;
  }
  return { text, kinds };
}

function isPlaceholder(s: string): boolean {
  return /^<[a-z]+>$/.test(s);
}
