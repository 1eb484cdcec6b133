import type { TextEdit } from './fix.js';
import { LineIndex } from './text-lines.js';

/** An edit that was not applied, and why. */
export interface SkippedEdit {
  edit: TextEdit;
  /** Index into the list given, so a caller can name the fix it came from. */
  index: number;
  reason: string;
}

/**
 * Applies edits to one file's text. Edits are applied in order of position; an edit identical to
 * one already taken is merged into it (two findings asking the same change), two insertions at the
 * same point are both kept (in the order given), and an edit that overlaps one already taken is
 * skipped and returned, so no edit ever lands on text another has changed.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number[]; merged: number[]; skipped: SkippedEdit[] } {
  const lines = new LineIndex(text);
  const spans = edits
    .map((edit, index) => ({ edit, index, start: lines.offset(edit.range.start.line, edit.range.start.column), end: lines.offset(edit.range.end.line, edit.range.end.column) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  const taken: typeof spans = [];
  const merged: number[] = [];
  const skipped: SkippedEdit[] = [];
  for (const span of spans) {
    const same = taken.find((t) => t.start === span.start && t.end === span.end && t.edit.text === span.edit.text);
    if (same) {
      merged.push(span.index);
      continue;
    }
    const clash = taken.find((t) => span.start < t.end && t.start < span.end) ?? taken.find((t) => t.start === span.start && (t.end !== t.start || span.end !== span.start));
    if (clash) {
      skipped.push({ edit: span.edit, index: span.index, reason: `it overlaps another edit at line ${clash.edit.range.start.line}` });
      continue;
    }
    taken.push(span);
  }
  let out = '';
  let at = 0;
  for (const span of taken) {
    out += text.slice(at, span.start) + span.edit.text;
    at = span.end;
  }
  return { text: out + text.slice(at), applied: taken.map((t) => t.index), merged, skipped };
}
