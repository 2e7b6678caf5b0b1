// A pino destination that keeps parsed lines in memory, for the tests of this library.
import type { DestinationStream } from 'pino';

/** Collected log lines, each parsed from the JSON pino wrote. */
export interface CapturedLines extends DestinationStream {
  readonly lines: Record<string, unknown>[];
  readonly raw: string[];
}

/** Creates an empty capture; JSON.parse throws if pino ever writes a line that is not JSON. */
export function captureLines(): CapturedLines {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  return {
    raw,
    lines,
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}
