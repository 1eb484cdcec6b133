import type { TextEdit } from '../../core/fix.js';
import { sharedRange } from '../../core/shared-ranges.js';
import type { SourceDocument } from '../../core/source-document.js';
import { LineIndex } from '../../core/text-lines.js';
import type { OffsetEdit } from './fix-context.js';

const lineIndexes = new WeakMap<SourceDocument, LineIndex>();

/** The document's line starts, built once however many of its findings have a fix. */
export function lineIndexOf(document: SourceDocument): LineIndex {
  let lines = lineIndexes.get(document);
  if (!lines) {
    lines = new LineIndex(document.text);
    lineIndexes.set(document, lines);
  }
  return lines;
}

/** Offsets to 1-based ranges, without widening an empty range (an insertion stays a point). */
export function toTextEdits(document: SourceDocument, edits: OffsetEdit[]): TextEdit[] {
  const lines = lineIndexOf(document);
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  // Shared: a fix's edits live as long as the scan (src/core/shared-ranges.ts).
  return edits.map((edit) => ({ range: sharedRange({ start: at(edit.start), end: at(edit.end) }), text: edit.text }));
}

