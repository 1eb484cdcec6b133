import type { Range } from './source-document.js';

/**
 * Turns two character offsets into a 1-based range. An empty span is widened to the rest of its
 * line so that a located problem is always visible in an editor and in GitHub's diff.
 */
export function rangeAt(text: string, lines: LinePositions, startOffset: number, endOffset: number): Range {
  const startAt = Math.min(Math.max(0, startOffset), text.length);
  let endAt = Math.min(Math.max(startAt, endOffset), text.length);
  if (endAt === startAt) {
    const newline = text.indexOf('\n', startAt);
    endAt = newline < 0 ? text.length : newline;
  }
  // A range never ends past a line break it would otherwise swallow.
  while (endAt > startAt && (text[endAt - 1] === '\n' || text[endAt - 1] === '\r')) endAt--;
  const start = lines.linePos(startAt);
  const end = lines.linePos(endAt);
  return { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
}

/** Anything that maps an offset to a 1-based line and column (yaml's LineCounter does). */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** Line starts of a text, for documents that are not parsed by `yaml` (Dockerfiles). */
export class LineIndex implements LinePositions {
  readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  linePos(offset: number): { line: number; col: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - this.lineStarts[low]! + 1 };
  }

  /** The offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    const start = this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1]!;
    return start + column - 1;
  }
}
