// Source lines around a frame, as Sentry shows them (`get_context_lines` / `trim_line`,
// PROTOCOLS.md §2.8): five lines either side, every line cut to about 140 characters around the
// column so a minified or generated line does not bloat the event.

/** Lines taken before and after the frame's line. */
export const CONTEXT_LINES = 5;

/** Context of one frame. */
export interface ContextLines {
  preContext: string[];
  contextLine: string;
  postContext: string[];
}

/** Context around 1-based `lineno` from `lines`, trimmed around 1-based `colno`; undefined if the line does not exist. */
export function contextLines(lines: readonly string[], lineno: number, colno: number): ContextLines | undefined {
  const index = lineno - 1;
  if (index < 0 || index >= lines.length) return undefined;
  const trim = (l: string): string => trimLine(l, colno);
  return {
    preContext: lines.slice(Math.max(0, index - CONTEXT_LINES), index).map(trim),
    contextLine: trim(lines[index]!),
    postContext: lines.slice(index + 1, index + 1 + CONTEXT_LINES).map(trim),
  };
}

/**
 * Sentry's `trim_line`: lines of at most 150 characters are kept; longer ones keep 140 characters
 * starting 60 before the column (snapped to either end when within 5 of it), marked with `{snip}`.
 */
export function trimLine(line: string, column: number): string {
  const length = line.length;
  if (length <= 150) return line;
  const col = Math.min(Math.max(column, 0), length);
  let start = Math.max(col - 60, 0);
  if (start < 5) start = 0;
  let end = Math.min(start + 140, length);
  if (end > length - 5) end = length;
  // Pushed to the end: still show a full 140 characters.
  if (end === length) start = Math.max(end - 140, 0);
  let out = line.slice(start, end);
  if (end < length) out += ' {snip}';
  if (start > 0) out = `{snip} ${out}`;
  return out;
}
