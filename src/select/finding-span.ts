import type { Range } from '../core/source-document.js';

/**
 * The lines a finding stands on, in a file's text: its range, and below it the lines that carry
 * on what starts there, which a change can edit without touching the finding's first line. A
 * finding's range is often only the start of what it is about: a long-syntax mount's finding sits
 * on `- type: bind`, and its `source:` and `read_only:` are the lines below, indented deeper; a
 * `run: |` script goes on in its block; a Dockerfile instruction goes on after a line ending in `\`.
 *
 * Read from the text alone, by indentation: the lines after the range that are indented deeper
 * than the range's first line, or follow a line ending in a backslash, up to the first line that is
 * neither; blank and comment-only lines neither end nor extend it. Reading too much only makes a
 * suppression count as made by a change more often (fail closed).
 */
export function findingSpans(text: string): (range: Pick<Range, 'start' | 'end'>) => { start: number; end: number } {
  let lines: string[] | undefined;
  const ends = new Map<string, number>();
  return (range) => {
    const start = range.start.line;
    const key = `${start}:${range.end.line}`;
    let end = ends.get(key);
    if (end === undefined) {
      lines ??= text.split(/\r\n|\r|\n/);
      end = blockEnd(lines, start, Math.max(start, range.end.line));
      ends.set(key, end);
    }
    return { start, end };
  };
}

/** The last line (1-based) of what starts on `start` and runs at least to `last`. */
function blockEnd(lines: readonly string[], start: number, last: number): number {
  const indent = indentOf(lines[start - 1] ?? '');
  let end = last;
  for (let line = last + 1; line <= lines.length; line++) {
    const text = lines[line - 1]!;
    if (/\\\s*$/.test(lines[line - 2] ?? '')) {
      end = line;
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (indentOf(text) <= indent) break;
    end = line;
  }
  return end;
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}
