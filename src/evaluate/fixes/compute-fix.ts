import { applyEdits } from '../../core/apply-edits.js';
import type { Fix, TextEdit } from '../../core/fix.js';
import type { SourceDocument } from '../../core/source-document.js';
import { LineIndex } from '../../core/text-lines.js';
import { type FixKind, RESOLVED_FIX_KINDS, type RuleFix } from '../../policy/fix-kinds.js';
import { composeAddListItem, composePortHostIp, composeSetKey } from './compose-fixes.js';
import { commandAddOption, dockerfileExecForm, dockerfileReplaceKeyword, dockerfileRunAppend, dockerfileWorkdirAbsolute } from './dockerfile-fixes.js';
import type { FixContext, FixOutcome, OffsetEdit } from './fix-context.js';
import { workflowAddTopLevelKey, workflowStepWith } from './workflow-fixes.js';

/** The code of each kind that needs no network; resolved kinds are computed by `pipeline/resolve-pins.ts`. */
const KINDS: Partial<Record<FixKind, (context: FixContext) => FixOutcome>> = {
  'compose-add-list-item': composeAddListItem,
  'compose-set-key': composeSetKey,
  'compose-port-host-ip': composePortHostIp,
  'dockerfile-exec-form': dockerfileExecForm,
  'command-add-option': commandAddOption,
  'dockerfile-run-append': dockerfileRunAppend,
  'dockerfile-replace-keyword': dockerfileReplaceKeyword,
  'dockerfile-workdir-absolute': dockerfileWorkdirAbsolute,
  'workflow-add-top-level-key': workflowAddTopLevelKey,
  'workflow-step-with': workflowStepWith,
};

const lineIndexes = new WeakMap<SourceDocument, LineIndex>();

/** Offsets to 1-based ranges, without widening an empty range (an insertion stays a point). */
export function toTextEdits(document: SourceDocument, edits: OffsetEdit[]): TextEdit[] {
  let lines = lineIndexes.get(document);
  if (!lines) {
    lines = new LineIndex(document.text);
    lineIndexes.set(document, lines);
  }
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  return edits.map((edit) => ({ range: { start: at(edit.start), end: at(edit.end) }, text: edit.text }));
}

/**
 * The rule's fix for one finding: its edits as ranges of the finding's file, or a note saying why
 * there is none here. `undefined` for kinds that need a registry's answer (computed only on request).
 */
export function computeFix(declared: RuleFix, context: Omit<FixContext, 'params'>): { fix: Fix } | { note: string } | undefined {
  if (RESOLVED_FIX_KINDS.has(declared.kind)) return undefined;
  const kind = KINDS[declared.kind];
  if (!kind) return undefined;
  let outcome: FixOutcome;
  try {
    outcome = kind({ ...context, params: declared.params });
  } catch (error) {
    // A fix is help, never a reason for a scan to fail: an edit that cannot be made is a note.
    outcome = { note: `No edit could be computed here (${(error as Error).message}).` };
  }
  if ('note' in outcome) return { note: outcome.note };
  const edits = toTextEdits(context.document, outcome.edits);
  return { fix: { label: declared.label, description: outcome.description, check: declared.check, edits, lines: wholeLines(context.document.text, edits) } };
}

/** The edits as a replacement of the whole lines they touch (see `Fix.lines`). */
export function wholeLines(text: string, edits: readonly TextEdit[]): Fix['lines'] {
  const start = Math.min(...edits.map((edit) => edit.range.start.line));
  const end = Math.max(...edits.map((edit) => edit.range.end.line));
  const segment = text.split('\n').slice(start - 1, end).join('\n');
  const shifted = edits.map((edit) => ({
    text: edit.text,
    range: { start: { line: edit.range.start.line - start + 1, column: edit.range.start.column }, end: { line: edit.range.end.line - start + 1, column: edit.range.end.column } },
  }));
  return { start, end, text: applyEdits(segment, shifted).text };
}
