// Just enough User-Agent parsing for the legacy-browser filter: browser family and major version.
// Full UA parsing (OS, device) is enrichment's job; this runs on the ingest hot path, so it is a few
// ordered regexes, most specific first (Opera and Edge also claim to be Chrome, Chrome claims Safari).

/** A browser family as Relay names it ("IE", "Safari", "Chrome", …) with its major version. */
export interface BrowserVersion {
  family: string;
  major: number;
}

const RULES: [string, RegExp][] = [
  ['Opera Mini', /Opera Mini\/(\d+)/],
  ['Opera', /\bOPR\/(\d+)/],
  ['Opera', /^Opera\/.*Version\/(\d+)/],
  ['Opera', /\bOpera[/ ](\d+)/],
  ['Edge', /\bEdge?\/(\d+)/],
  ['IE', /\bMSIE (\d+)/],
  ['IE', /\bTrident\/.*\brv:(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS|Chromium)\/(\d+)/],
  // The pre-Chrome Android browser says "Version/4.0 … Safari" but its version is Android's.
  ['Android', /\bAndroid (\d+)[^)]*\).*Version\/\d/],
  ['Safari', /\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari/],
];

/** Finds the browser family and major version, or undefined for crawlers, apps and unknown agents. */
export function browserOf(userAgent: string): BrowserVersion | undefined {
  for (const [family, re] of RULES) {
    const m = re.exec(userAgent);
    if (m) return { family, major: Number(m[1]) };
  }
  return undefined;
}
