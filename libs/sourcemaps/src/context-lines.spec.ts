import { contextLines, trimLine } from './context-lines.js';

describe('trimLine (Sentry trim_line)', () => {
  const long = Array.from({ length: 400 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');

  it('keeps lines of up to 150 characters', () => {
    expect(trimLine(long.slice(0, 150), 100)).toBe(long.slice(0, 150));
  });

  it('cuts 140 characters starting 60 before the column, with {snip} on both sides', () => {
    expect(trimLine(long, 200)).toBe(`{snip} ${long.slice(140, 280)} {snip}`);
  });

  it('snaps to the start when the window would start within 5 characters of it', () => {
    expect(trimLine(long, 63)).toBe(`${long.slice(0, 140)} {snip}`);
  });

  it('keeps a full 140 characters at the end of the line', () => {
    expect(trimLine(long, 390)).toBe(`{snip} ${long.slice(260)}`);
    expect(trimLine(long, 10_000)).toBe(`{snip} ${long.slice(260)}`);
  });
});

describe('contextLines', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

  it('takes five lines before and after', () => {
    expect(contextLines(lines, 10, 1)).toEqual({
      preContext: ['line 5', 'line 6', 'line 7', 'line 8', 'line 9'],
      contextLine: 'line 10',
      postContext: ['line 11', 'line 12', 'line 13', 'line 14', 'line 15'],
    });
  });

  it('stops at the file edges and refuses lines that do not exist', () => {
    expect(contextLines(lines, 1, 1)?.preContext).toEqual([]);
    expect(contextLines(lines, 20, 1)?.postContext).toEqual([]);
    expect(contextLines(lines, 21, 1)).toBeUndefined();
  });
});
